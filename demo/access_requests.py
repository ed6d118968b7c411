"""A demo application for access (Ansök om behörighet), waiting for the
unit manager: the link to decide it is in the mail printed when seeding.
Made through the service with a fixed token, so seeding again finds it
instead of making another (and mails nobody again)."""

import uuid

from access_requests.services import submit
from accounts.models import Customer

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000017")


def seed_access_request():
    return submit(
        token=TOKEN,
        ip=None,
        first_name="Sara",
        last_name="Nyberg",
        title="Fysioterapeut",
        email="sara.nyberg@example.se",
        phone="090-785 12 34",
        hsa_id="",
        customers=list(Customer.objects.order_by("kundid")[:1]),
        manager_email="enhetschef@example.se",
    )

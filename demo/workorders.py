"""A demo work order: a repair (Reparation AU) of the demo patient's
delivered wheelchair, registered for customer service to start and complete
in the admin. Made through the work-order service with a fixed token, so
seeding again finds it instead of making another."""

import uuid

from accounts.models import User
from aids.choices import AddressChoice
from pickups.services import current_holdings
from workorders import services
from workorders.choices import WorkOrderKind

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000013")


def seed_work_orders(patient):
    prescriber = User.objects.get(username="anna.lind")
    wheelchair = (
        current_holdings(patient)
        .filter(individual__isnull=False)
        # Not the aid the demo pickup fetches.
        .exclude(pickup_items__open=True)
        .order_by("pk")
        .first()
    )
    if wheelchair is None:
        return None
    return services.create_work_order(
        token=TOKEN,
        user=prescriber,
        holding=wheelchair,
        kind=WorkOrderKind.REPAIR,
        customer=prescriber.customers.order_by("kundid").first(),
        address_choice=AddressChoice.RECIPIENT,
        address=(str(patient), patient.street, patient.postal_code, patient.city),
        phone="070-123 45 67",
        description="Vänster broms tar inte. Patienten kan inte parkera rullstolen.",
    )

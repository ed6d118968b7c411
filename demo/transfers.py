"""A demo BMB: the demo patient's first free aid gets another payer from
today, for customer service to read or reverse in the admin. Made through
the service with a fixed token, so seeding again finds it instead of making
another, whatever has since become of it."""

import uuid

from django.utils import timezone

from accounts.access import AccessContext
from accounts.models import Payer, User
from aids.models import Holding
from aids.recipients import Recipient
from transfers import services
from transfers.choices import TransferKind
from workorders.choices import OPEN_STATUSES

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000008")


def seed_transfers(patient):
    prescriber = User.objects.get(username="anna.lind")
    recipient = Recipient(person=patient)
    if existing := services.made_with(TOKEN, prescriber, recipient):
        # seed_aids has just put the aids back as planned: the BMB's
        # outcome is laid on them again, so seeding twice changes nothing.
        for line in existing.lines.all():
            Holding.objects.filter(pk=line.holding_id).update(
                payer=line.payer,
                patient_pays=line.patient_pays,
                prescriber=line.prescriber,
            )
        return existing
    held = (
        services.current_holdings(recipient)
        .exclude(pickup_items__open=True)
        .exclude(work_orders__status__in=OPEN_STATUSES)
        .order_by("pk")
        .first()
    )
    if held is None:
        return None
    payer = Payer.objects.exclude(pk=held.payer_id).order_by("betalarid").first()
    return services.execute_transfer(
        AccessContext(user=prescriber, path="seed_demo"),
        TOKEN,
        recipient,
        kind=TransferKind.PAYER,
        holding_ids=[held.pk],
        valid_from=max(held.delivered_on, timezone.localdate().replace(day=1)),
        customer=prescriber.customers.order_by("kundid").first(),
        payer=payer.betalarid,
    )

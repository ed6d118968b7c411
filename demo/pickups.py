"""A demo pickup order: the demo patient's first delivered aid to be fetched,
open for customer service to close (Stäng (hämtad)) or cancel in the admin.
Made through the pickup service with a fixed token, so seeding again finds
it instead of making another, whatever has since become of it."""

import uuid

from accounts.models import User
from aids.choices import AddressChoice
from pickups import services
from pickups.models import PickupReason

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000006")


def seed_pickups(patient):
    prescriber = User.objects.get(username="anna.lind")
    held = (
        services.current_holdings(patient)
        .exclude(pickup_items__open=True)
        .order_by("pk")
        .first()
    )
    return services.create_pickup(
        TOKEN,
        prescriber,
        patient,
        prescriber.customers.order_by("kundid").first(),
        holding_ids=[held.pk] if held else [],
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
        instructions="Trång hiss, ring på porttelefonen.",
        information="" if held else "Hämta rollatorn i hallen.",
    )

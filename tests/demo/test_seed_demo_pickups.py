"""seed_demo's pickup order."""

from io import StringIO

from django.core.management import call_command

from pickups.choices import PickupStatus
from pickups.models import PickupOrder


def test_the_demo_patient_has_an_open_pickup_for_customer_service(seeded):
    pickup = PickupOrder.objects.get()

    assert pickup.status == PickupStatus.OPEN
    assert pickup.person.personnummer == "193804120024"
    assert pickup.prescriber.username == "anna.lind"
    [item] = pickup.items.all()
    assert item.holding.delivered_on and item.holding.returned_on is None


def test_seeding_again_adds_no_pickup(seeded):
    before = list(PickupOrder.objects.values_list("pk", "number"))

    call_command("seed_demo", stdout=StringIO())

    assert list(PickupOrder.objects.values_list("pk", "number")) == before

"""A deceased patient's aid gets no work order, on the page or through the
service, with a word about Hämtorder; a pickup is still registered."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aids.choices import AddressChoice
from pickups.models import PickupReason
from pickups.services import create_pickup
from tests.orders.steps_helpers import texts
from workorders.models import WorkOrder

from .conftest import make_work_order

REFUSAL = (
    "Patienten är avliden. Arbetsorder kan inte registreras; använd Hämtorder "
    "för att hämta hjälpmedlen."
)


@pytest.fixture(autouse=True)
def deceased(person):
    person.deceased_on = date(2026, 3, 1)
    person.save()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_form_sends_back_to_the_aids(logged_in, wheelchair, method):
    url = reverse(
        "workorder_new_for_holding", args=[wheelchair.person_id, wheelchair.pk]
    )

    response = getattr(logged_in, method)(url)

    assert response["Location"] == reverse(
        "recipient_aids", args=[wheelchair.person_id]
    )
    assert texts(response) == [REFUSAL]
    assert not WorkOrder.objects.exists()


def test_the_service_refuses(prescriber, wheelchair):
    with pytest.raises(ValidationError) as refused:
        make_work_order(prescriber, wheelchair)

    assert refused.value.code == "deceased"
    assert refused.value.messages == [REFUSAL]
    assert not WorkOrder.objects.exists()


def test_a_pickup_is_still_registered(prescriber, customer, person, wheelchair):
    pickup = create_pickup(
        uuid.uuid4(),
        prescriber,
        person,
        customer,
        holding_ids=[wheelchair.pk],
        reason=PickupReason.objects.get_or_create(name="Avliden")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )

    assert [item.holding for item in pickup.items.all()] == [wheelchair]

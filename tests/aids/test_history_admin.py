"""The audit trail's admin pages log the persons whose data they show."""

import pytest
from django.urls import reverse
from pghistory.models import Events

from accounts.models import AccessLog
from tests.orders.placed_helpers import placed_order

pytestmark = pytest.mark.django_db


def test_an_order_event_is_logged_for_its_person_and_customer(
    staff_client, staff, prescriber, customer
):
    order = placed_order(prescriber, door_code="8642")
    event = Events.objects.tracks(order).get(pgh_label="insert")

    response = staff_client.get(
        reverse("admin:pghistory_events_change", args=[event.pgh_slug])
    )

    assert "8642" in response.text
    [entry] = AccessLog.objects.of_person(order.person)
    assert entry.user == staff
    assert entry.customer == customer

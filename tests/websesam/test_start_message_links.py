"""Every personal message about an object links to it, for each event that
leaves one: on the start page's list, on Dina uppgifter and on the
message's own page."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aids.services import confirm_lost, report_lost
from deviations.choices import DeviationStatus
from deviations.services import handle
from notices.models import Message, MessageKind
from orders.services.baskets import remind_overdue_baskets
from outside_assortment.choices import RequestStatus
from outside_assortment.services import decide
from pickups.services import cancel_pickup
from tests.deviations.helpers import make_deviation
from tests.factories import HoldingFactory, PersonFactory
from tests.orders.admin_helpers import registered_order
from tests.orders.basket_helpers import basket, rollator
from tests.outside_assortment.helpers import make_request
from workorders.choices import WorkOrderStatus
from workorders.services import change_status

from .overview_helpers import (
    at,
    closed_pickup,
    completed_work_order,
    delivered_order,
    new_delivery_date,
    pickup,
    work_order,
)

START = reverse("start")
MY_DETAILS = reverse("my_details")


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    at(time_machine, date(2026, 3, 4))


def delivery_date(user, staff, time_machine):
    order = registered_order(user)
    new_delivery_date(order, staff)
    return order


def order_delivered(user, staff, time_machine):
    return delivered_order(user, staff)


def basket_overdue(user, staff, time_machine):
    loan = basket(user, [rollator()])
    at(time_machine, date(2026, 3, 12))
    remind_overdue_baskets()
    return loan


def work_order_completed(user, staff, time_machine):
    return completed_work_order(user, staff)


def work_order_cancelled(user, staff, time_machine):
    return change_status(work_order(user), WorkOrderStatus.CANCELLED, staff)


def pickup_closed(user, staff, time_machine):
    return closed_pickup(user, staff)


def pickup_cancelled(user, staff, time_machine):
    return cancel_pickup(pickup(user), staff)


def deviation_changed(user, staff, time_machine):
    holding = HoldingFactory(customer=user.customers.first())
    return handle(
        make_deviation(user, holding),
        staff,
        status=DeviationStatus.INVESTIGATING,
        answer="Leverantören kontaktad.",
    )


def lost_report_decided(user, staff, time_machine):
    customer = user.customers.first()
    holding = HoldingFactory(customer=customer, delivered_on=date(2026, 3, 2))
    report = report_lost(
        user,
        holding,
        customer=customer,
        lost_on=date(2026, 3, 3),
        circumstances="Glömd på bussen.",
    )
    return confirm_lost(staff, report)


def outside_request_decided(user, staff, time_machine):
    return decide(
        make_request(user, PersonFactory(), description="Badkarslyft"),
        RequestStatus.REFUSED,
        staff,
        note="Finns i sortimentet.",
    )


EVENTS = {
    MessageKind.DELIVERY_DATE: delivery_date,
    MessageKind.ORDER_DELIVERED: order_delivered,
    MessageKind.BASKET_OVERDUE: basket_overdue,
    MessageKind.WORK_ORDER_COMPLETED: work_order_completed,
    MessageKind.WORK_ORDER_CANCELLED: work_order_cancelled,
    MessageKind.PICKUP_CLOSED: pickup_closed,
    MessageKind.PICKUP_CANCELLED: pickup_cancelled,
    MessageKind.LOST_REPORT_DECIDED: lost_report_decided,
    MessageKind.DEVIATION_CHANGED: deviation_changed,
    MessageKind.OUTSIDE_REQUEST_DECIDED: outside_request_decided,
}


def test_every_event_that_leaves_a_message_is_covered():
    assert set(EVENTS) == set(MessageKind) - {MessageKind.OTHER}


@pytest.mark.parametrize("kind", EVENTS)
def test_the_message_links_to_what_it_is_about(
    client, prescriber, staff, time_machine, kind
):
    about = EVENTS[kind](prescriber, staff, time_machine)
    [message] = Message.objects.filter(recipient=prescriber)
    link = f'href="{about.get_absolute_url()}"'
    client.force_login(prescriber)

    for page in (START, MY_DETAILS):
        text = client.get(page).text
        [row] = [
            row
            for row in re.findall(r"<tr[^>]*>.*?</tr>", text, flags=re.DOTALL)
            if message.subject in row
        ]
        assert link in row, page
    detail = client.get(reverse("message_detail", args=[message.pk])).text

    assert message.kind == kind
    assert link in detail
    # The object's own page opens for the recipient of the message.
    assert client.get(about.get_absolute_url()).status_code == 200


def test_a_message_about_nothing_has_no_link(client, prescriber):
    Message.objects.create(recipient=prescriber, subject="Välkommen")
    client.force_login(prescriber)

    assert "Visa" not in client.get(START).text


def test_the_links_cost_a_query_per_kind_of_object_not_per_message(
    client, prescriber, staff, time_machine, django_assert_num_queries
):
    def one_of_each():
        delivery_date(prescriber, staff, time_machine)
        work_order_completed(prescriber, staff, time_machine)
        pickup_closed(prescriber, staff, time_machine)

    one_of_each()
    client.force_login(prescriber)
    client.get(START)  # the first request after login starts the session
    with CaptureQueriesContext(connection) as few:
        client.get(START)
    for _ in range(5):
        one_of_each()

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(START)
    assert response.text.count(">Visa ") == 18


def test_dina_uppgifter_links_cost_a_query_per_kind_of_object_not_per_message(
    client, prescriber, staff, time_machine, django_assert_num_queries
):
    def one_of_each():
        delivery_date(prescriber, staff, time_machine)
        work_order_completed(prescriber, staff, time_machine)
        pickup_closed(prescriber, staff, time_machine)

    one_of_each()
    client.force_login(prescriber)
    client.get(MY_DETAILS)  # the first request after login starts the session
    with CaptureQueriesContext(connection) as few:
        client.get(MY_DETAILS)
    for _ in range(5):
        one_of_each()

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(MY_DETAILS)
    assert response.text.count(">Visa ") == 18

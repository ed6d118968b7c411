"""A grant used in real concurrent transactions (tests.concurrency): drafts
of several colleagues for the same patient executed at once, and a double
click on Verkställ of the request form."""

import uuid

from django.core.exceptions import ValidationError

from orders.models import Order
from orders.services import add_line, execute_order
from outside_assortment.choices import RequestStatus
from outside_assortment.models import OutsideRequest
from outside_assortment.services import decide
from tests.concurrency import concurrent, run_together
from tests.factories import DraftOrderFactory, UserFactory

from .helpers import make_request

pytestmark = concurrent

THREADS = 4


def test_a_grant_is_used_by_one_of_several_orders_executed_at_once(
    customer, prescriber, person, staff, bath_lift
):
    outside_request = make_request(prescriber, person, article=bath_lift)
    decide(outside_request, RequestStatus.GRANTED, staff)
    drafts = []
    for _ in range(THREADS):
        user = UserFactory(customers=[customer])
        draft = DraftOrderFactory(prescriber=user, person=person)
        add_line(draft, bath_lift)
        drafts.append((draft, user))

    outcomes = run_together(
        *[lambda d=draft, u=user: execute_order(d, u) for draft, user in drafts]
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == THREADS - 1
    [executed] = Order.objects.exclude(number=None)
    outside_request.refresh_from_db()
    assert outside_request.order_number == executed.number


def test_a_double_click_sends_one_request(prescriber, person, bath_lift):
    token = uuid.uuid4()
    outcomes = run_together(
        *[
            lambda: make_request(prescriber, person, article=bath_lift, token=token)
            for _ in range(2)
        ]
    )
    assert outcomes[0] == outcomes[1]
    assert OutsideRequest.objects.count() == 1

"""Settling the same basket line in real concurrent transactions
(tests.concurrency): two colleagues, or a double click, at once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from aids.models import Holding
from notices.models import Message
from orders.choices import LineStatus, OrderStatus
from orders.models import OrderLine
from orders.services import remind_overdue_baskets, settle_basket
from tests.concurrency import concurrent, run_together
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement

from ..factories import PayerFactory, PersonFactory
from .basket_helpers import basket, rollator, store

pytestmark = concurrent

THREADS = 8


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    when = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    time_machine.move_to(when, tick=False)


def test_eight_settlements_of_one_line_deliver_it_once(prescriber):
    article = rollator()
    order = basket(prescriber, [article, article])
    line = order.lines.get(position=1)
    patients = [PersonFactory() for _ in range(THREADS)]
    payer = PayerFactory()

    def settle(patient):
        return lambda: settle_basket(
            order, prescriber, person=patient, deliveries={line: payer}
        )

    outcomes = run_together(*[settle(patient) for patient in patients])

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == THREADS - 1
    assert {error.code for error in refused} == {"settled"}
    assert Holding.objects.count() == 1
    line.refresh_from_db()
    assert line.status == LineStatus.DELIVERED
    assert line.delivered_quantity == 1
    balance = StockBalance.objects.get(warehouse=store(), article=article)
    assert (balance.on_hand, balance.reserved) == (4, 1)
    assert StockMovement.objects.filter(kind=MovementKind.ISSUE).count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_DELIVERED
    assert OrderLine.objects.get(position=2).status == LineStatus.REGISTERED


def test_reminder_runs_at_the_same_moment_remind_each_basket_once(
    prescriber, time_machine
):
    baskets = [basket(prescriber, [rollator()]) for _ in range(3)]
    time_machine.move_to(
        datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    )

    outcomes = run_together(*[remind_overdue_baskets] * 4)

    assert sum(outcomes) == 3
    assert Message.objects.count() == 3
    assert len(mail.outbox) == 3
    assert {b.reminded_on for b in type(baskets[0]).objects.all()} == {
        date(2026, 12, 10)
    }

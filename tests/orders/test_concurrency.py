"""Executes in real concurrent transactions (tests.concurrency)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from aids.models import Holding
from orders.models import Order, OrderLine
from orders.services import execute_order
from tests.concurrency import concurrent, run_together
from warehouse.models import StockBalance, StockMovement

from ..factories import ArticleFactory, OrderLineFactory, StockBalanceFactory

pytestmark = concurrent

THREADS = 16


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    when = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    time_machine.move_to(when, tick=False)


def _execute(order, user):
    return lambda: execute_order(order, user)


def test_concurrent_executes_of_different_drafts_number_without_gaps(prescriber):
    article = ArticleFactory()
    # Less stock than orders: the rest are bought in, none over-reserved.
    StockBalanceFactory(article=article, on_hand=10)
    orders = [
        OrderLineFactory(order__prescriber=prescriber, article=article).order
        for _ in range(THREADS)
    ]

    outcomes = run_together(*[_execute(order, prescriber) for order in orders])

    numbers = sorted(outcome.number for outcome in outcomes)
    assert numbers == [f"2648{serial:04d}" for serial in range(1, THREADS + 1)]
    assert sorted(Order.objects.values_list("number", flat=True)) == numbers
    reserved = OrderLine.objects.values_list("reserved_quantity", flat=True)
    assert sorted(reserved) == [0] * (THREADS - 10) + [1] * 10
    balance = StockBalance.objects.get(article=article)
    assert (balance.on_hand, balance.reserved) == (10, 10)
    assert StockMovement.objects.aggregate(total=Sum("reserved_change")) == {
        "total": 10
    }


def test_concurrent_executes_of_one_draft_make_one_order(prescriber):
    line = OrderLineFactory(order__prescriber=prescriber, quantity=2)
    second = OrderLineFactory(order=line.order)
    StockBalanceFactory(article=line.article, on_hand=5)
    StockBalanceFactory(article=second.article, on_hand=5)

    outcomes = run_together(*[_execute(line.order, prescriber)] * THREADS)

    assert {outcome.number for outcome in outcomes} == {"26480001"}
    assert Order.objects.get().number == "26480001"
    assert Holding.objects.count() == 2
    assert sorted(OrderLine.objects.values_list("reserved_quantity", flat=True)) == [
        1,
        2,
    ]
    assert sorted(StockBalance.objects.values_list("reserved", flat=True)) == [1, 2]
    assert StockMovement.objects.count() == 2


def test_two_orders_racing_for_the_last_unit(prescriber):
    article = ArticleFactory(lead_time_days=5)
    balance = StockBalanceFactory(article=article, on_hand=1)
    lines = [
        OrderLineFactory(order__prescriber=prescriber, article=article)
        for _ in range(2)
    ]

    outcomes = run_together(*[_execute(line.order, prescriber) for line in lines])

    assert all(isinstance(outcome, Order) for outcome in outcomes), outcomes
    results = sorted(
        OrderLine.objects.values_list("reserved_quantity", "delivery_date")
    )
    assert results == [(0, date(2026, 12, 2)), (1, date(2026, 11, 26))]
    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (1, 1)
    ledger = StockMovement.objects.filter(balance=balance)
    assert ledger.count() == 1
    assert ledger.aggregate(reserved=Sum("reserved_change"))["reserved"] == 1

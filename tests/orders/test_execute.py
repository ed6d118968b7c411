"""Executing a draft: what it needs, what it creates, and that it happens once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from aids.models import Holding
from orders.choices import LineStatus, OrderStatus
from orders.models import NumberCounter, Order
from orders.services import execute_order
from warehouse.models import StockBalance, StockMovement

from ..factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
    PayerFactory,
    StockBalanceFactory,
)

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


def _refused(order, user):
    with pytest.raises(ValidationError) as refusal:
        execute_order(order, user)
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    assert order.number is None
    return refusal.value.messages


def test_refused_without_customer(prescriber):
    order = DraftOrderFactory(
        prescriber=prescriber, customer=None, payer=None, address_name=""
    )
    OrderLineFactory(order=order)

    assert _refused(order, prescriber) == ["Välj kund/leveransadress."]


def test_refused_without_lines(prescriber):
    order = DraftOrderFactory(prescriber=prescriber)

    assert _refused(order, prescriber) == ["Lägg till minst en orderrad."]


@pytest.mark.parametrize("missing", ["street", "city"])
def test_refused_without_address(prescriber, missing):
    order = DraftOrderFactory(prescriber=prescriber, **{missing: ""})
    OrderLineFactory(order=order)

    assert _refused(order, prescriber) == [
        "Ange leveransadress med gatuadress och ort."
    ]


def test_an_empty_draft_is_told_everything_missing(prescriber):
    order = DraftOrderFactory(
        prescriber=prescriber,
        customer=None,
        payer=None,
        address_name="",
        street="",
    )

    assert _refused(order, prescriber) == [
        "Välj kund/leveransadress.",
        "Lägg till minst en orderrad.",
        "Ange leveransadress med gatuadress och ort.",
    ]


def test_executing_registers_the_order_with_the_weeks_next_number(prescriber):
    line = OrderLineFactory(order__prescriber=prescriber)

    order = execute_order(line.order, prescriber)

    order.refresh_from_db()
    assert order.number == "26480001"
    assert order.status == OrderStatus.REGISTERED
    assert order.executed_at == WEDNESDAY
    line.refresh_from_db()
    assert line.status == LineStatus.REGISTERED
    assert line.delivery_date == date(2026, 11, 26)


def test_a_week_without_numbers_left_refuses_in_swedish_and_keeps_the_draft(
    prescriber,
):
    NumberCounter.objects.create(week="2648", last_serial=9999)
    line = OrderLineFactory(order__prescriber=prescriber)

    assert _refused(line.order, prescriber) == [
        "Veckans ordernummer är slut, så ordern kan inte registreras i "
        "webSesam. Ring kundtjänst, telefon 090-785 93 65."
    ]
    assert not Holding.objects.exists()


def test_the_recipient_gets_the_lines_as_ordered_aids(prescriber, customer):
    own_payer = PayerFactory()
    order = DraftOrderFactory(prescriber=prescriber)
    walker = OrderLineFactory(order=order, position=1, quantity=2)
    cushion = OrderLineFactory(order=order, position=2, payer=own_payer)
    StockBalanceFactory(article=walker.article, on_hand=5)

    execute_order(order, prescriber)

    holdings = {h.article_id: h for h in Holding.objects.filter(person=order.person)}
    assert set(holdings) == {walker.article_id, cushion.article_id}
    for line in (walker, cushion):
        line.refresh_from_db()
        assert line.holding == holdings[line.article_id]
    walking = holdings[walker.article_id]
    assert walking.quantity == 2
    assert walking.order_number == "26480001"
    assert walking.ordered_on == date(2026, 11, 25)
    assert walking.delivered_on is None
    assert walking.delivered_quantity == 0
    assert walking.customer == customer
    assert walking.prescriber == prescriber
    assert walking.care_unit is None
    assert walking.payer == customer.default_payer
    assert holdings[cushion.article_id].payer == own_payer


def test_a_care_units_order_gives_the_care_unit_the_aids(prescriber):
    unit = CustomerFactory()
    line = OrderLineFactory(
        order__prescriber=prescriber, order__person=None, order__care_unit=unit
    )

    execute_order(line.order, prescriber)

    holding = Holding.objects.get()
    assert (holding.care_unit, holding.person) == (unit, None)
    assert holding.article == line.article


def test_stock_is_reserved_for_lines_in_stock_only(prescriber):
    order = DraftOrderFactory(prescriber=prescriber)
    in_stock = OrderLineFactory(order=order, position=1, quantity=3)
    short = OrderLineFactory(order=order, position=2, quantity=3)
    StockBalanceFactory(article=in_stock.article, on_hand=3)
    StockBalanceFactory(article=short.article, on_hand=2)

    execute_order(order, prescriber)

    in_stock.refresh_from_db()
    short.refresh_from_db()
    assert (in_stock.reserved_quantity, short.reserved_quantity) == (3, 0)
    assert list(
        StockBalance.objects.order_by("article__article_no").values_list(
            "on_hand", "reserved"
        )
    ) == [(3, 3), (2, 0)]
    movement = StockMovement.objects.get()
    assert (movement.balance.article, movement.reserved_change) == (
        in_stock.article,
        3,
    )
    assert movement.reason == "Kundorder 26480001"
    assert movement.user == prescriber


def test_pending_alternatives_are_settled_by_execution(prescriber):
    line = OrderLineFactory(order__prescriber=prescriber, alternatives_pending=True)

    execute_order(line.order, prescriber)

    line.refresh_from_db()
    assert line.alternatives_pending is False


def test_executing_twice_returns_the_same_order_unchanged(prescriber, time_machine):
    line = OrderLineFactory(order__prescriber=prescriber)
    StockBalanceFactory(article=line.article, on_hand=5)
    first = execute_order(line.order, prescriber)

    time_machine.move_to(datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("UTC")))
    again = execute_order(line.order, prescriber)

    assert again.pk == first.pk
    assert again.number == "26480001"
    assert again.executed_at == WEDNESDAY
    assert Order.objects.exclude(number=None).count() == 1
    assert Holding.objects.count() == 1
    assert StockMovement.objects.count() == 1
    assert StockBalance.objects.get().reserved == 1


def test_a_failed_execution_leaves_a_draft_and_no_gap(prescriber, monkeypatch):
    line = OrderLineFactory(order__prescriber=prescriber)

    def broken(*args, **kwargs):
        raise RuntimeError

    with monkeypatch.context() as patched:
        patched.setattr("orders.services.execution.reserve_where_available", broken)
        with pytest.raises(RuntimeError):
            execute_order(line.order, prescriber)

    line.order.refresh_from_db()
    assert (line.order.status, line.order.number) == (OrderStatus.DRAFT, None)
    assert Holding.objects.count() == 0
    other = OrderLineFactory(order__prescriber=prescriber, article=ArticleFactory())
    assert execute_order(other.order, prescriber).number == "26480001"
    assert execute_order(line.order, prescriber).number == "26480002"

"""The services customer service calls from the admin: picking, shipping and
moving delivery dates (F-18)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aids.choices import HistoryKind, IndividualLocation
from aids.models import Individual
from notices.models import Message
from orders.choices import LineStatus, OrderStatus
from orders.services import (
    can_cancel,
    cancel_order,
    change_delivery_date,
    mark_picked,
    ship_line,
)
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse

from ..factories import ArticleFactory, IndividualFactory
from .admin_helpers import registered_order

pytestmark = pytest.mark.usefixtures("wednesday_morning")


@pytest.fixture
def marked_article(db):
    return ArticleFactory(individually_marked=True)


def balance_of(article):
    balance = StockBalance.objects.get(warehouse__code=MAIN_WAREHOUSE, article=article)
    return balance.on_hand, balance.reserved


def refused(code, call, *args, **kwargs):
    with pytest.raises(ValidationError) as refusal:
        call(*args, **kwargs)
    assert refusal.value.code == code
    return refusal.value


def test_marking_a_line_picked_moves_the_order_on(prescriber, staff):
    order = registered_order(prescriber)
    line = order.lines.get()

    mark_picked(line, staff)

    line.refresh_from_db()
    order.refresh_from_db()
    assert line.status == LineStatus.PICKED
    assert line.picked_at is not None
    assert order.status == OrderStatus.PICKED


def test_a_picked_order_can_no_longer_be_cancelled(prescriber, staff):
    order = registered_order(prescriber)

    mark_picked(order.lines.get(), staff)

    order.refresh_from_db()
    assert order.status == OrderStatus.PICKED
    assert not can_cancel(order)


def test_a_delivered_line_cannot_be_picked_again(prescriber, staff):
    order = registered_order(prescriber)
    line = order.lines.get()
    ship_line(line, 1, staff)

    error = refused("line_closed", mark_picked, line, staff)

    assert error.messages == ["Rad 1 är levererad."]


def test_a_partial_delivery_then_the_rest(prescriber, staff):
    article = ArticleFactory()
    order = registered_order(prescriber, (article, 5, 10))
    line = order.lines.get()

    ship_line(line, 2, staff)

    line.refresh_from_db()
    order.refresh_from_db()
    assert (line.status, line.delivered_quantity, line.reserved_quantity) == (
        LineStatus.PARTLY_DELIVERED,
        2,
        3,
    )
    assert order.status == OrderStatus.PARTLY_DELIVERED
    assert balance_of(article) == (8, 3)
    holding = line.holding
    holding.refresh_from_db()
    assert (holding.delivered_on, holding.delivered_quantity) == (
        timezone.localdate(),
        2,
    )

    ship_line(line, 3, staff)

    line.refresh_from_db()
    order.refresh_from_db()
    assert (line.status, line.delivered_quantity, line.reserved_quantity) == (
        LineStatus.DELIVERED,
        5,
        0,
    )
    assert order.status == OrderStatus.DELIVERED
    assert balance_of(article) == (5, 0)
    line.holding.refresh_from_db()
    assert line.holding.delivered_quantity == 5


def test_the_order_is_partly_delivered_while_another_line_waits(prescriber, staff):
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 1, 5)
    )
    first, second = order.lines.order_by("position")

    ship_line(first, 1, staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_DELIVERED

    ship_line(second, 1, staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_an_individual_from_the_warehouse_goes_to_the_recipient(
    prescriber, staff, marked_article, main_warehouse
):
    unit = IndividualFactory(article=marked_article, warehouse=main_warehouse)
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    ship_line(line, 1, staff, unit.individual_no)

    unit.refresh_from_db()
    assert (unit.location, unit.warehouse) == (IndividualLocation.AT_RECIPIENT, None)
    event = unit.history.get()
    assert (event.kind, event.person, event.happened_on) == (
        HistoryKind.DELIVERED,
        order.person,
        timezone.localdate(),
    )
    assert event.note == f"Kundorder {order.number}"
    line.holding.refresh_from_db()
    assert line.holding.individual == unit
    assert balance_of(marked_article) == (0, 0)


def test_a_new_individual_number_registers_the_unit(prescriber, staff, marked_article):
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    ship_line(line, 1, staff, "N-900001")

    unit = Individual.objects.get(individual_no="N-900001")
    assert unit.article == marked_article
    assert unit.location == IndividualLocation.AT_RECIPIENT
    assert unit.history.get().kind == HistoryKind.DELIVERED
    line.holding.refresh_from_db()
    assert line.holding.individual == unit


def test_the_delivered_aid_shows_in_the_recipients_aids_list(
    client, prescriber, staff, marked_article
):
    order = registered_order(prescriber, (marked_article, 1, 1))
    ship_line(order.lines.get(), 1, staff, "N-900002")
    client.force_login(prescriber)

    response = client.get(reverse("recipient_aids", args=[order.person.pk]))

    assert "N-900002" in response.text
    assert timezone.localdate().isoformat() in response.text
    assert "Ej levererad" not in response.text


def assert_nothing_shipped(line, article, stock):
    line.refresh_from_db()
    assert (line.status, line.delivered_quantity) == (LineStatus.REGISTERED, 0)
    assert balance_of(article) == stock
    assert line.holding.delivered_on is None


def test_more_than_remains_is_refused(prescriber, staff):
    article = ArticleFactory()
    order = registered_order(prescriber, (article, 2, 5))
    line = order.lines.get()

    error = refused("ship_quantity", ship_line, line, 3, staff)

    assert error.messages == ["Levererat antal ska vara 1–2."]
    assert_nothing_shipped(line, article, (5, 2))


def test_an_individual_line_needs_its_unit(prescriber, staff, marked_article):
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    refused("individual_required", ship_line, line, 1, staff)

    assert_nothing_shipped(line, marked_article, (1, 1))


def test_an_individual_of_another_article_is_refused(
    prescriber, staff, marked_article, main_warehouse
):
    other = IndividualFactory(warehouse=main_warehouse)
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    error = refused(
        "individual_unavailable", ship_line, line, 1, staff, other.individual_no
    )

    assert other.individual_no in error.messages[0]
    assert_nothing_shipped(line, marked_article, (1, 1))
    other.refresh_from_db()
    assert other.location == IndividualLocation.IN_WAREHOUSE


def test_an_individual_already_at_a_recipient_is_refused(
    prescriber, staff, marked_article
):
    held = IndividualFactory(
        article=marked_article, location=IndividualLocation.AT_RECIPIENT
    )
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    refused("individual_unavailable", ship_line, line, 1, staff, held.individual_no)

    assert_nothing_shipped(line, marked_article, (1, 1))
    assert not held.history.exists()


def test_an_individual_in_another_warehouse_is_refused(
    prescriber, staff, marked_article
):
    local = IndividualFactory(
        article=marked_article, warehouse=Warehouse.objects.get(code="402")
    )
    order = registered_order(prescriber, (marked_article, 1, 1))
    line = order.lines.get()

    refused("individual_unavailable", ship_line, line, 1, staff, local.individual_no)

    assert_nothing_shipped(line, marked_article, (1, 1))


def test_a_purchased_line_without_stock_cannot_ship(prescriber, staff):
    article = ArticleFactory(lead_time_days=10)
    order = registered_order(prescriber, (article, 1, 0))
    line = order.lines.get()
    assert line.reserved_quantity == 0

    error = refused("no_stock", ship_line, line, 1, staff)

    assert error.messages == [
        f"Lagret 500 saknar saldo för artikel {article.article_no}."
    ]
    line.refresh_from_db()
    assert line.delivered_quantity == 0


def test_a_cancelled_line_cannot_ship(prescriber, staff):
    order = registered_order(prescriber)
    cancel_order(order, prescriber)

    refused("line_closed", ship_line, order.lines.get(), 1, staff)


def test_a_new_delivery_date_tells_the_prescriber_why(prescriber, staff):
    article = ArticleFactory(name="Duschpall")
    order = registered_order(prescriber, (article, 1, 1))
    line = order.lines.get()
    old = line.delivery_date
    new = date(2026, 12, 22)

    change_delivery_date(line, new, "Leverantören är sen.", staff)

    line.refresh_from_db()
    assert line.delivery_date == new
    message = Message.objects.get(recipient=prescriber)
    assert message.subject == f"Nytt leveransdatum för order {order.number}"
    assert message.body == (
        f"Artikel {article.article_no} Duschpall på order {order.number} "
        f"levereras {new.isoformat()} i stället för {old.isoformat()}. "
        "Orsak: Leverantören är sen."
    )
    assert message.about == order


def test_a_past_delivery_date_is_refused(prescriber, staff):
    order = registered_order(prescriber)
    line = order.lines.get()
    old = line.delivery_date

    error = refused(
        "past_date",
        change_delivery_date,
        line,
        timezone.localdate() - timedelta(days=1),
        "Fel",
        staff,
    )

    assert error.messages == ["Det nya leveransdatumet kan inte vara passerat."]
    line.refresh_from_db()
    assert line.delivery_date == old
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 5),  # Saturday
        date(2026, 12, 6),  # Sunday
        date(2026, 12, 24),  # julafton
        date(2026, 12, 25),  # juldagen
        date(2027, 1, 6),  # trettondedag jul
    ],
)
def test_a_delivery_date_is_a_working_day(prescriber, staff, day):
    order = registered_order(prescriber)
    line = order.lines.get()
    old = line.delivery_date

    error = refused("not_working_day", change_delivery_date, line, day, "Fel", staff)

    assert error.messages == [
        f"{day.isoformat()} är inte en arbetsdag. Välj en vardag som inte är "
        "helgdag eller helgafton."
    ]
    line.refresh_from_db()
    assert line.delivery_date == old
    assert not Message.objects.exists()


def test_with_samleverans_every_open_line_moves_together(prescriber, staff):
    first = ArticleFactory(name="Rullstol")
    second = ArticleFactory(name="Dyna")
    delivered = ArticleFactory(name="Ryggstöd")
    order = registered_order(
        prescriber, (first, 1, 5), (second, 1, 5), (delivered, 1, 5)
    )
    assert order.joint_delivery
    shipped = order.lines.get(position=3)
    ship_line(shipped, 1, staff)
    new = date(2026, 12, 22)

    moved = change_delivery_date(order.lines.get(position=2), new, "Sen", staff)

    assert [line.position for line in moved] == [1, 2]
    assert dict(order.lines.values_list("position", "delivery_date")) == {
        1: new,
        2: new,
        3: shipped.delivery_date,
    }
    body = Message.objects.get(recipient=prescriber).body
    assert f"{first.article_no} Rullstol, {second.article_no} Dyna" in body
    assert "Ryggstöd" not in body


def test_without_samleverans_only_the_line_moves(prescriber, staff):
    order = registered_order(
        prescriber,
        (ArticleFactory(), 1, 5),
        (ArticleFactory(), 1, 5),
        joint_delivery=False,
    )
    first, second = order.lines.order_by("position")

    moved = change_delivery_date(first, date(2026, 12, 22), "Sen", staff)

    assert moved == [first]
    second_date = second.delivery_date
    second.refresh_from_db()
    assert second.delivery_date == second_date != date(2026, 12, 22)

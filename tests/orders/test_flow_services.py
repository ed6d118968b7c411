"""The services that took over the order flow's transactions from the views
and the admin (issue 11): adding articles, saving the lines page, shipping
several lines and marking orders picked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.choices import TRANSITIONS, LineStatus, OrderStatus
from orders.models import Order
from orders.services import (
    StaleDraft,
    add_articles,
    draft_version,
    mark_order_picked,
    save_lines,
    set_status,
    ship_lines,
)

from ..factories import ArticleFactory, DraftOrderFactory, OrderLineFactory
from .admin_helpers import registered_order

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def test_adding_articles_twice_adds_each_once(prescriber, main_warehouse):
    order = DraftOrderFactory(prescriber=prescriber)
    first, second = ArticleFactory(), ArticleFactory()

    added = add_articles(order, [first, second])
    again = add_articles(order, [first, second])

    assert [line.article for line in added] == [first, second]
    assert again == []
    assert order.lines.count() == 2


def test_saving_lines_from_a_stale_page_saves_nothing(prescriber, main_warehouse):
    order = DraftOrderFactory(prescriber=prescriber)
    line = OrderLineFactory(order=order, quantity=1)
    shown = draft_version(order)
    add_articles(order, [ArticleFactory()])

    with pytest.raises(StaleDraft):
        save_lines(order, shown, {line: (5, None)})

    line.refresh_from_db()
    assert line.quantity == 1


def test_saving_lines_changes_them_and_adds_the_new_one(prescriber, main_warehouse):
    order = DraftOrderFactory(prescriber=prescriber)
    line = OrderLineFactory(order=order, quantity=1, position=1)
    article = ArticleFactory()

    added = save_lines(
        order,
        draft_version(Order.objects.get(pk=order.pk)),
        {line: (3, None)},
        new_line=([article], 2, None),
    )

    line.refresh_from_db()
    assert line.quantity == 3
    assert [(each.article, each.quantity) for each in added] == [(article, 2)]


def test_one_refused_line_ships_none(prescriber, staff):
    order = registered_order(
        prescriber, (ArticleFactory(), 2, 5), (ArticleFactory(), 1, 5)
    )
    first, second = order.lines.order_by("position")

    refused = ship_lines([(first, 1, ""), (second, 9, "")], staff)

    assert list(refused) == [second]
    assert refused[second].code == "ship_quantity"
    first.refresh_from_db()
    assert first.delivered_quantity == 0


def test_shipping_lines_delivers_them_all(prescriber, staff):
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 1, 5)
    )

    refused = ship_lines([(line, 1, "") for line in order.lines.all()], staff)

    order.refresh_from_db()
    assert refused == {}
    assert order.status == OrderStatus.DELIVERED


def test_marking_orders_picked_picks_their_registered_lines(prescriber, staff):
    orders = [registered_order(prescriber), registered_order(prescriber)]
    other = registered_order(prescriber)

    picked = mark_order_picked(
        Order.objects.filter(pk__in=[o.pk for o in orders]), staff
    )

    assert picked == 2
    assert {o.status for o in Order.objects.filter(pk__in=[o.pk for o in orders])} == {
        OrderStatus.PICKED
    }
    assert other.lines.get().status == LineStatus.REGISTERED


def test_marking_an_order_picked_moves_its_status_once_for_all_its_lines(
    prescriber, staff
):
    one = registered_order(prescriber)
    three = registered_order(prescriber, *[(ArticleFactory(), 1, 5) for _ in range(3)])

    with CaptureQueriesContext(connection) as for_one:
        mark_order_picked(Order.objects.filter(pk=one.pk), staff)
    with CaptureQueriesContext(connection) as for_three:
        picked = mark_order_picked(Order.objects.filter(pk=three.pk), staff)

    assert picked == 3
    assert len(for_three) == len(for_one)
    three.refresh_from_db()
    assert three.status == OrderStatus.PICKED
    assert set(three.lines.values_list("status", flat=True)) == {LineStatus.PICKED}
    assert three.lines.filter(picked_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("start", "status"),
    [
        (OrderStatus.DRAFT, OrderStatus.DELIVERED),
        (OrderStatus.PICKED, OrderStatus.REGISTERED),
        (OrderStatus.DELIVERED, OrderStatus.CANCELLED),
        (OrderStatus.CANCELLED, OrderStatus.REGISTERED),
    ],
)
def test_a_move_outside_the_transitions_is_refused(prescriber, start, status):
    order = DraftOrderFactory(prescriber=prescriber)
    Order.objects.filter(pk=order.pk).update(status=start, number="26000001")
    order.refresh_from_db()

    with pytest.raises(ValidationError) as refusal:
        set_status(order, status)

    assert refusal.value.code == "transition"
    order.refresh_from_db()
    assert order.status == start


def test_every_order_status_has_its_transitions():
    assert set(TRANSITIONS) == set(OrderStatus)
    assert all(moves <= set(OrderStatus) for moves in TRANSITIONS.values())

"""Baskets in customer service's order admin: the kind and overdue filters,
the due date, returning a basket's open lines to its store."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from orders.choices import LineStatus, OrderStatus
from orders.services import settle_basket
from warehouse.models import StockBalance

from .basket_helpers import basket, rollator, store
from .placed_helpers import placed_order

LIST = reverse("admin:orders_order_changelist")
EXECUTED = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
OVERDUE = datetime(2026, 3, 12, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def executed_on_wednesday(time_machine):
    time_machine.move_to(EXECUTED, tick=False)


def listed(response):
    return {order.number for order in response.context["cl"].result_list}


def test_overdue_baskets_and_the_kind_are_filters(
    staff_client, staff, prescriber, time_machine
):
    walker = rollator()
    late = basket(prescriber, [walker])
    returned = basket(prescriber, [walker])
    settle_basket(returned, prescriber, returns=list(returned.lines.all()))
    order = placed_order(prescriber)
    time_machine.move_to(
        datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )
    recent = basket(prescriber, [walker])
    time_machine.move_to(OVERDUE, tick=False)
    staff_client.force_login(staff)

    overdue = staff_client.get(LIST, {"varukorg": "forsenad"})
    baskets = staff_client.get(LIST, {"kind__exact": "basket"})

    assert listed(overdue) == {late.number}
    assert listed(baskets) == {late.number, returned.number, recent.number}
    assert order.number not in listed(baskets)
    assert "Försenad varukorg" in overdue.text
    assert '<td class="field-due_on nowrap">11 mars 2026</td>' in overdue.text


def test_staff_return_a_baskets_open_lines_to_the_store(
    staff_client, staff, prescriber
):
    walker = rollator()
    order = basket(prescriber, [walker, walker])
    first = order.lines.get(position=1)
    settle_basket(order, prescriber, returns=[first])

    response = staff_client.post(
        LIST, {"action": "return_baskets", "_selected_action": [order.pk]}, follow=True
    )

    assert f"Varukorg {order.number}: 1 rad återlämnad till förrådet." in response.text
    second = order.lines.get(position=2)
    assert (second.status, second.settled_by) == (LineStatus.CANCELLED, staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    balance = StockBalance.objects.get(warehouse=store(), article=walker)
    assert (balance.on_hand, balance.reserved) == (5, 0)


def test_returning_refuses_an_ordinary_order(staff_client, prescriber):
    order = placed_order(prescriber)

    response = staff_client.post(
        LIST, {"action": "return_baskets", "_selected_action": [order.pk]}, follow=True
    )

    assert f"Order {order.number} är ingen varukorg." in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED


def test_a_baskets_change_form_links_to_its_settle_page_not_leverera(
    staff_client, prescriber
):
    order = basket(prescriber, [rollator()])
    settle = reverse("basket_settle", args=[order.pk])

    response = staff_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    ship = staff_client.get(reverse("admin:orders_order_ship", args=[order.pk]))

    assert f'href="{settle}"' in response.text
    assert reverse("admin:orders_order_ship", args=[order.pk]) not in response.text
    assert "Återlämnas senast:" in response.text
    assert ship["Location"] == settle


def test_marking_picked_leaves_a_basket_returnable(staff_client, staff, prescriber):
    order = basket(prescriber, [rollator()])

    staff_client.post(
        LIST, {"action": "mark_picked", "_selected_action": [order.pk]}, follow=True
    )
    response = staff_client.post(
        LIST, {"action": "return_baskets", "_selected_action": [order.pk]}, follow=True
    )

    assert f"Varukorg {order.number}: 1 rad återlämnad till förrådet." in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED

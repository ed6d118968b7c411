"""Registered orders, and the admin pages of an order, for the tests of
customer service's side (the admin and the services it calls)."""

from django.urls import reverse

from orders.services import execute_order
from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    OrderLineFactory,
    StockBalanceFactory,
)
from warehouse.models import StockBalance


def registered_order(prescriber, *lines, **order_fields):
    """An executed order of `prescriber`; each line is (article, quantity,
    on hand at 500), the balance set by the article's first line. Without
    lines: one article, one unit, in stock."""
    order = DraftOrderFactory(prescriber=prescriber, **order_fields)
    for position, (article, quantity, on_hand) in enumerate(
        lines or [(ArticleFactory(), 1, 5)], start=1
    ):
        OrderLineFactory(
            order=order, article=article, quantity=quantity, position=position
        )
        if on_hand and not StockBalance.objects.filter(article=article).exists():
            StockBalanceFactory(article=article, on_hand=on_hand)
    return execute_order(order, prescriber)


def change_url(order):
    return reverse("admin:orders_order_change", args=[order.pk])


def ship_url(order):
    return reverse("admin:orders_order_ship", args=[order.pk])


def date_url(line):
    return reverse("admin:orders_order_delivery_date", args=[line.order_id, line.pk])

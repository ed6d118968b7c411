"""Executed orders for the tests of the pages after Verkställ."""

from orders.services import execute_order
from tests.factories import ArticleFactory, OrderLineFactory, StockBalanceFactory


def placed_order(prescriber, lines=1, **order_fields):
    """A registered order of `prescriber` with `lines` stocked lines."""
    first = OrderLineFactory(
        order__prescriber=prescriber,
        **{f"order__{name}": value for name, value in order_fields.items()},
    )
    for _ in range(lines - 1):
        OrderLineFactory(order=first.order, article=ArticleFactory())
    for line in first.order.lines.all():
        StockBalanceFactory(article=line.article, on_hand=5)
    return execute_order(first.order, prescriber)

from orders.choices import OrderStatus
from orders.services import execute_order

from ..factories import OrderLineFactory, StockBalanceFactory


def test_executing_a_draft_registers_it_with_a_number(prescriber):
    line = OrderLineFactory(order__prescriber=prescriber)
    StockBalanceFactory(article=line.article, on_hand=3)

    order = execute_order(line.order, prescriber)

    assert order.status == OrderStatus.REGISTERED
    assert len(order.number) == 8

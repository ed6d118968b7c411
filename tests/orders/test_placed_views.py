import pytest
from django.urls import reverse

from orders.services import execute_order

from ..factories import OrderLineFactory, StockBalanceFactory


@pytest.fixture
def order(prescriber):
    line = OrderLineFactory(order__prescriber=prescriber)
    StockBalanceFactory(article=line.article, on_hand=3)
    return execute_order(line.order, prescriber)


@pytest.mark.parametrize("name", ["order_confirmation", "order_detail"])
def test_the_prescriber_sees_the_order_number(client, prescriber, order, name):
    client.force_login(prescriber)

    response = client.get(reverse(name, args=[order.pk]))

    assert order.number in response.text

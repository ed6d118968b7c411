"""The orders-executed counter of /metrics: once an order, after commit."""

import pytest
from django.core.exceptions import ValidationError

from orders.services import execute_order

from ..factories import DraftOrderFactory, OrderLineFactory
from ..metrics_helpers import counted

pytestmark = pytest.mark.django_db

EXECUTED = "websesam_orders_executed_total"


def test_an_executed_order_counts_once_and_only_when_committed(
    prescriber, django_capture_on_commit_callbacks
):
    line = OrderLineFactory(order__prescriber=prescriber)
    kind = line.order.kind
    before = counted(EXECUTED, kind=kind)

    with django_capture_on_commit_callbacks(execute=True):
        execute_order(line.order, prescriber)
        execute_order(line.order, prescriber)
        assert counted(EXECUTED, kind=kind) == before

    assert counted(EXECUTED, kind=kind) == before + 1


def test_a_refused_execution_counts_nothing(
    prescriber, django_capture_on_commit_callbacks
):
    order = DraftOrderFactory(prescriber=prescriber)
    before = counted(EXECUTED, kind=order.kind)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            execute_order(order, prescriber)

    assert callbacks == []
    assert counted(EXECUTED, kind=order.kind) == before

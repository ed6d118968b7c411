"""The work-order counters of /metrics: created and completed, once each."""

import pytest

from workorders.choices import WorkOrderStatus
from workorders.services import change_status

from ..metrics_helpers import counted
from .conftest import make_work_order

pytestmark = pytest.mark.django_db

WORK_ORDERS = "websesam_work_orders_total"


def test_a_work_order_counts_when_created_and_when_completed(
    prescriber, wheelchair, staff, django_capture_on_commit_callbacks
):
    created = counted(WORK_ORDERS, event="created")
    completed = counted(WORK_ORDERS, event="completed")

    with django_capture_on_commit_callbacks(execute=True):
        work_order = make_work_order(prescriber, wheelchair)
        change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff)
    assert counted(WORK_ORDERS, event="created") == created + 1
    assert counted(WORK_ORDERS, event="completed") == completed

    with django_capture_on_commit_callbacks(execute=True):
        change_status(work_order, WorkOrderStatus.COMPLETED, staff)

    assert counted(WORK_ORDERS, event="completed") == completed + 1

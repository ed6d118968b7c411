"""The pickup counters of /metrics: created (booked) and closed, once each."""

import uuid

import pytest

from pickups import services

from ..metrics_helpers import counted

pytestmark = pytest.mark.usefixtures("wednesday_morning")

PICKUPS = "websesam_pickups_total"


def test_a_pickup_counts_when_created_and_when_closed_once_each(
    make_pickup, wheelchair, staff, django_capture_on_commit_callbacks
):
    created = counted(PICKUPS, event="created")
    closed = counted(PICKUPS, event="closed")
    token = uuid.uuid4()

    with django_capture_on_commit_callbacks(execute=True):
        pickup = make_pickup([wheelchair], token=token)
        make_pickup([wheelchair], token=token)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_pickup(pickup, staff)
        services.close_pickup(pickup, staff)

    assert counted(PICKUPS, event="created") == created + 1
    assert counted(PICKUPS, event="closed") == closed + 1

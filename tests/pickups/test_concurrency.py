"""Verkställ sent many times at once (tests.concurrency): one pickup, and
every answer shows it."""

import uuid

from django.test import Client
from django.urls import reverse

from pickups.models import PickupItem, PickupOrder
from tests.aids.recipient_helpers import log_in_caring_for
from tests.concurrency import concurrent, run_together

from .test_views import new_url, posted

pytestmark = concurrent

THREADS = 16


def test_parallel_submits_of_one_form_all_show_the_one_pickup(
    prescriber, person, reason, wheelchair, cushion
):
    data = posted(reason, holdings=[wheelchair.pk, cushion.pk])
    clients = [Client() for _ in range(THREADS)]
    for client in clients:
        log_in_caring_for(client, prescriber, person)

    def submit(client):
        return lambda: client.post(new_url(person), data)

    outcomes = run_together(*[submit(client) for client in clients])

    pickup = PickupOrder.objects.get()
    shown = reverse("pickup_confirmation", args=[pickup.pk])
    assert [(answer.status_code, answer["Location"]) for answer in outcomes] == [
        (302, shown)
    ] * THREADS
    assert PickupItem.objects.filter(pickup=pickup).count() == 2


def test_parallel_calls_with_one_token_all_return_the_one_pickup(
    make_pickup, wheelchair, cushion
):
    token = uuid.uuid4()

    outcomes = run_together(
        *[lambda: make_pickup([wheelchair, cushion], token=token)] * THREADS
    )

    assert outcomes == [PickupOrder.objects.get(pk=token)] * THREADS
    assert PickupItem.objects.count() == 2

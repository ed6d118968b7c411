"""Individkort: the unit's open work orders and pickups, with a link for
those who may see them, in a fixed number of queries."""

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aids.choices import AddressChoice
from pickups.models import PickupReason
from pickups.services import cancel_pickup, create_pickup
from tests.factories import HoldingFactory, IndividualFactory
from tests.workorders.conftest import make_work_order
from workorders.choices import WorkOrderStatus
from workorders.services import change_status


@pytest.fixture
def wheelchair(db):
    return IndividualFactory(article__name="Rullstol Cross")


def held(individual, customer):
    return HoldingFactory(
        article=individual.article, individual=individual, customer=customer
    )


def pickup_of(holding, user):
    return create_pickup(
        uuid.uuid4(),
        user,
        holding.person,
        user.customers.get(),
        holding_ids=[holding.pk],
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )


def open_rows(response):
    section = response.text.split('id="open-heading"')[1].split("</section>")[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    ]


def card(client, individual):
    return client.get(reverse("individual_card", args=[individual.individual_no]))


def test_open_work_orders_and_pickups_are_listed_and_linked(
    client, prescriber, outsider, staff, customer, wheelchair, time_machine
):
    time_machine.move_to(
        datetime(2026, 11, 25, 23, 30, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    )
    holding = held(wheelchair, customer)
    repair = make_work_order(prescriber, holding)
    change_status(repair, WorkOrderStatus.IN_PROGRESS, staff)
    done = make_work_order(prescriber, holding)
    change_status(done, WorkOrderStatus.CANCELLED, staff)
    cancel_pickup(pickup_of(holding, prescriber), staff)
    pickup = pickup_of(holding, prescriber)
    client.force_login(prescriber)

    response = card(client, wheelchair)

    # Registered late in the evening: the local date, not UTC's.
    assert open_rows(response) == [
        f"Arbetsorder {repair.number} Pågår 2026-11-25",
        f"Hämtorder {pickup.number} Öppen 2026-11-25",
    ]
    assert f'href="{repair.get_absolute_url()}"' in response.text
    assert f'href="{pickup.get_absolute_url()}"' in response.text
    client.force_login(outsider)
    response = card(client, wheelchair)
    assert len(open_rows(response)) == 2
    assert repair.get_absolute_url() not in response.text
    assert pickup.get_absolute_url() not in response.text


def test_nothing_open_is_said(client, prescriber, wheelchair):
    client.force_login(prescriber)

    response = card(client, wheelchair)

    assert "Individen har inga öppna arbetsorder eller hämtorder." in response.text


def queries_with(client, user, customer, count):
    individual = IndividualFactory()
    holdings = [held(individual, customer) for _ in range(count)]
    for holding in holdings:
        make_work_order(user, holding)
        pickup_of(holding, user)
    with CaptureQueriesContext(connection) as queries:
        response = card(client, individual)
    assert len(open_rows(response)) == 2 * count
    return len(queries)


def test_the_query_count_does_not_grow_with_them(client, prescriber, customer):
    client.force_login(prescriber)

    assert queries_with(client, prescriber, customer, 1) == queries_with(
        client, prescriber, customer, 4
    )

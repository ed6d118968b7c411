"""Kundorder's Levererade order: the user's own delivered orders whose order
date falls in a period (the last 12 months unless given), newest first, 50 a
page, each with its lines delivered of ordered; and the same counts on the
open orders."""

from datetime import date, datetime, time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from orders.choices import LineStatus, OrderStatus
from orders.models import Order
from orders.views import placed

from ..aids.recipient_helpers import views_logged
from ..factories import OrderLineFactory
from .placed_helpers import placed_order

INDEX = reverse("order_index")
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(
        timezone.make_aware(datetime.combine(TODAY, time(10))), tick=False
    )


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def delivered(prescriber, executed_at=None, lines=1):
    """A fully delivered order of `prescriber`, executed at `executed_at`."""
    order = placed_order(prescriber, lines)
    order.lines.update(status=LineStatus.DELIVERED)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.DELIVERED, executed_at=executed_at or at(TODAY, 9)
    )
    order.refresh_from_db()
    return order


def get(client, user, query=None):
    client.force_login(user)
    return client.get(INDEX, query or {})


def listed(response):
    return list(response.context["delivered"].object_list)


def test_only_the_users_own_delivered_orders_newest_first(
    client, prescriber, colleague, outsider
):
    older = delivered(prescriber, at(date(2026, 6, 1)))
    newer = delivered(prescriber, at(date(2026, 11, 1)))
    placed_order(prescriber)
    delivered(colleague)
    delivered(outsider)

    response = get(client, prescriber)

    assert listed(response) == [newer, older]
    assert reverse("order_detail", args=[newer.pk]) in response.text
    assert listed(get(client, colleague)) != listed(response)


def test_a_delivered_order_is_not_an_open_one(client, prescriber):
    order = delivered(prescriber)

    response = get(client, prescriber)

    assert response.context["open_orders"] == []
    assert listed(response) == [order]


def test_the_default_period_is_the_last_12_months(client, prescriber):
    first_day = delivered(prescriber, at(date(2025, 12, 2), 0, 0))
    delivered(prescriber, at(date(2025, 12, 1), 23, 59))

    response = get(client, prescriber)

    assert listed(response) == [first_day]
    assert 'value="2025-12-02"' in response.text
    assert 'value="2026-12-02"' in response.text


def test_a_period_includes_its_first_and_last_days_whole(client, prescriber):
    first = delivered(prescriber, at(date(2024, 3, 1), 0, 0))
    last = delivered(prescriber, at(date(2024, 3, 31), 23, 59))
    delivered(prescriber, at(date(2024, 2, 29), 23, 59))
    delivered(prescriber, at(date(2024, 4, 1), 0, 0))

    response = get(
        client, prescriber, {"date_from": "2024-03-01", "date_to": "2024-03-31"}
    )

    assert listed(response) == [last, first]


def test_a_one_day_period(client, prescriber):
    order = delivered(prescriber, at(date(2026, 5, 5), 8))

    assert listed(
        get(client, prescriber, {"date_from": "2026-05-05", "date_to": "2026-05-05"})
    ) == [order]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-05-06", "date_to": "2026-05-05"}, "date_to"),
        ({"date_from": "", "date_to": "2026-05-05"}, "date_from"),
        ({"date_from": "5 maj", "date_to": "2026-05-05"}, "date_from"),
    ],
)
def test_a_wrong_period_is_answered_next_to_the_field(client, prescriber, query, field):
    delivered(prescriber)

    response = get(client, prescriber, query)

    assert response.context["period"].errors[field]
    assert response.context["delivered"] is None
    assert f'value="{query["date_to"]}"' in response.text
    # The order number search is another form, left unbound.
    assert not response.context["form"].is_bound


def test_50_a_page_and_the_pages_keep_the_period(client, prescriber, monkeypatch):
    monkeypatch.setattr(placed, "DELIVERED_PER_PAGE", 2)
    orders = [delivered(prescriber, at(date(2026, 11, day))) for day in (1, 2, 3)]
    period = {"date_from": "2026-11-01", "date_to": "2026-11-30"}

    first = get(client, prescriber, period)
    second = get(client, prescriber, {**period, "sida": "2"})
    beyond = get(client, prescriber, {**period, "sida": "9"})

    assert listed(first) == [orders[2], orders[1]]
    assert listed(second) == [orders[0]]
    assert listed(beyond) == [orders[0]]
    assert "date_from=2026-11-01&amp;date_to=2026-11-30&amp;sida=2" in first.text
    assert "Sida 1 av 2" in first.text
    assert "1–2 av 3" in first.text


def test_the_page_size_is_50():
    assert placed.DELIVERED_PER_PAGE == 50


def test_lines_delivered_of_ordered(client, prescriber):
    order = placed_order(prescriber, 3)
    first, second, third = order.lines.order_by("position")
    first.status = LineStatus.DELIVERED
    first.save()
    third.status = LineStatus.CANCELLED
    third.save()
    delivered(prescriber, lines=2)

    response = get(client, prescriber)

    [shown] = response.context["open_orders"]
    assert (shown.lines_delivered, shown.lines_ordered) == (1, 2)
    [shown] = listed(response)
    assert (shown.lines_delivered, shown.lines_ordered) == (2, 2)
    assert "1 av 2" in response.text
    assert "2 av 2" in response.text


def test_the_recipient_is_named_without_personnummer(client, prescriber):
    order = delivered(prescriber)

    text = get(client, prescriber).text

    assert order.recipient.name in text
    assert order.person.personnummer not in text


def test_the_delivered_orders_listed_are_logged_with_their_customers(
    client, prescriber, customer
):
    shown = delivered(prescriber)
    outside = delivered(prescriber, at(date(2020, 1, 1)))

    get(client, prescriber)

    [entry] = views_logged(shown.person)
    assert entry.customer == customer
    assert entry.user == prescriber
    assert not views_logged(outside.person).exists()


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_grow_with_the_orders(
    client, prescriber, count, django_assert_max_num_queries
):
    for _ in range(count):
        OrderLineFactory(order__prescriber=prescriber)
        placed_order(prescriber, 2)
        delivered(prescriber, lines=2)
    client.force_login(prescriber)
    ContentType.objects.get_for_model(Order)

    # The delivered orders cost two: their count for the pages, and the page.
    with django_assert_max_num_queries(12):
        response = client.get(INDEX)

    assert len(response.context["drafts"]) == count
    assert len(response.context["open_orders"]) == count
    assert len(listed(response)) == count

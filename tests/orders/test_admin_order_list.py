"""Customer service's order list in the admin: columns, filters, search, and
the recipient search by personnummer that never puts it in an address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AccessAction
from accounts.models import AccessLog
from orders.choices import OrderStatus
from orders.models import OrderLine
from orders.services import mark_picked, ship_line

from ..factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    PersonFactory,
    UserFactory,
)
from .admin_helpers import registered_order

LIST_URL = "admin:orders_order_changelist"
pytestmark = pytest.mark.usefixtures("wednesday_morning")


def listed(response):
    return list(response.context["cl"].result_list)


def test_only_staff_reach_the_orders(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse(LIST_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_list_shows_registered_orders_with_their_date_and_lines(
    staff_client, prescriber
):
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 2, 5)
    )
    DraftOrderFactory(prescriber=prescriber)

    response = staff_client.get(reverse(LIST_URL))

    assert listed(response) == [order]
    row = listed(response)[0]
    assert row.line_count == 2
    assert row.delivery_date == order.lines.first().delivery_date
    text = response.text
    assert order.number in text
    assert f"{order.person.first_name} {order.person.last_name}" in text
    assert order.customer.name in text
    assert order.person.personnummer not in text
    assert order.person.personnummer[2:] not in text


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_costs_the_same_for_many_orders(
    staff_client, prescriber, count, django_assert_max_num_queries
):
    for _ in range(count):
        registered_order(prescriber)

    # Session and user, the two counts, the dates of the hierarchy, the page,
    # the access log's content types and insert.
    with django_assert_max_num_queries(9):
        response = staff_client.get(reverse(LIST_URL))

    assert response.context["cl"].result_count == count


def test_the_list_logs_whose_orders_staff_saw(staff_client, staff, prescriber):
    order = registered_order(prescriber)

    staff_client.get(reverse(LIST_URL))

    entry = AccessLog.objects.get()
    assert (entry.user, entry.person_id, entry.action) == (
        staff,
        str(order.person.pk),
        AccessAction.VIEW,
    )


def test_staff_filter_by_status(staff_client, prescriber, staff):
    waiting = registered_order(prescriber)
    picked = registered_order(prescriber)
    mark_picked(picked.lines.get(), staff)

    response = staff_client.get(reverse(LIST_URL), {"status": OrderStatus.PICKED})

    assert listed(response) == [picked]
    response = staff_client.get(reverse(LIST_URL), {"status": OrderStatus.REGISTERED})
    assert listed(response) == [waiting]


def test_staff_filter_by_typed_kundid_and_keep_other_filters(staff_client, prescriber):
    other_customer = CustomerFactory()
    other = registered_order(UserFactory(customers=[other_customer]))
    mine = registered_order(prescriber)

    response = staff_client.get(
        reverse(LIST_URL),
        {"kundid": other_customer.kundid, "status": OrderStatus.REGISTERED},
    )

    assert listed(response) == [other]
    assert 'name="status" value="registered"' in response.text
    response = staff_client.get(reverse(LIST_URL), {"kundid": ""})
    assert set(listed(response)) == {other, mine}


def set_dates(order, day):
    OrderLine.objects.filter(order=order).update(delivery_date=day)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("forsenade", "late"), ("idag", "today"), ("senare", "later")],
)
def test_staff_filter_by_delivery_date(
    staff_client, prescriber, staff, choice, expected
):
    today = timezone.localdate()
    orders = {name: registered_order(prescriber) for name in ("late", "today", "later")}
    delivered_late = registered_order(prescriber)
    ship_line(delivered_late.lines.get(), 1, staff)
    set_dates(orders["late"], today - timedelta(days=2))
    set_dates(delivered_late, today - timedelta(days=2))
    set_dates(orders["today"], today)
    set_dates(orders["later"], today + timedelta(days=8))

    response = staff_client.get(reverse(LIST_URL), {"leverans": choice})

    assert listed(response) == [orders[expected]]


def test_the_rest_of_this_week(staff_client, prescriber):
    today = timezone.localdate()
    order = registered_order(prescriber)
    set_dates(order, today + timedelta(days=6 - today.weekday()))

    response = staff_client.get(reverse(LIST_URL), {"leverans": "veckan"})

    assert listed(response) == [order]


def test_staff_filter_by_executed_date(staff_client, prescriber):
    order = registered_order(prescriber)
    executed = timezone.localtime(order.executed_at)

    response = staff_client.get(
        reverse(LIST_URL),
        {
            "executed_at__year": executed.year,
            "executed_at__month": executed.month,
            "executed_at__day": executed.day,
        },
    )

    assert listed(response) == [order]
    response = staff_client.get(
        reverse(LIST_URL), {"executed_at__year": executed.year - 1}
    )
    assert listed(response) == []


def test_staff_search_by_order_number_prefix(staff_client, prescriber):
    order = registered_order(prescriber)
    registered_order(prescriber)

    response = staff_client.get(reverse(LIST_URL), {"q": order.number})

    assert listed(response) == [order]
    response = staff_client.get(reverse(LIST_URL), {"q": order.number[:4]})
    assert len(listed(response)) == 2


def test_staff_search_by_article_number_of_a_line(staff_client, prescriber):
    article = ArticleFactory()
    order = registered_order(prescriber, (ArticleFactory(), 1, 5), (article, 1, 5))
    registered_order(prescriber)

    response = staff_client.get(reverse(LIST_URL), {"q": article.article_no})

    assert listed(response) == [order]
    assert listed(response)[0].line_count == 2


def test_the_personnummer_search_filters_by_the_persons_id(
    staff_client, staff, prescriber
):
    order = registered_order(prescriber)
    registered_order(prescriber)
    person = order.person

    response = staff_client.post(
        reverse("admin:orders_order_find_recipient"),
        {"personnummer": f"{person.personnummer[2:8]}-{person.personnummer[8:]}"},
    )

    assert response.status_code == 302
    location = response["Location"]
    assert str(person.pk) in location
    assert person.personnummer[8:] not in location
    assert person.personnummer[2:8] not in location
    page = staff_client.get(location)
    assert listed(page) == [order]
    assert f"Visar order till {person}." in page.text
    searched = AccessLog.objects.get(action=AccessAction.SEARCH)
    assert (searched.user, searched.person_id) == (staff, str(person.pk))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19400101", "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("194013010000", "Personnumret innehåller ett datum som inte finns."),
        ("194001010001", "Personnumret är felaktigt: kontrollsiffran stämmer inte."),
    ],
    ids=["length", "date", "checksum"],
)
def test_a_bad_personnummer_is_answered_next_to_the_field(staff_client, typed, message):
    response = staff_client.post(
        reverse("admin:orders_order_find_recipient"), {"personnummer": typed}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"] == [message]
    assert f'value="{typed}"' in response.text


def test_an_unknown_person_is_answered(staff_client, db):
    unknown = PersonFactory.build().personnummer

    response = staff_client.post(
        reverse("admin:orders_order_find_recipient"), {"personnummer": unknown}
    )

    assert response.context["form"].errors["personnummer"] == [
        "Det finns ingen person med det personnumret."
    ]
    assert not AccessLog.objects.exists()


def test_the_list_has_the_recipient_search_form(staff_client, db):
    response = staff_client.get(reverse(LIST_URL))

    assert 'action="{}"'.format(reverse("admin:orders_order_find_recipient")) in (
        response.text
    )
    assert "Sök mottagare (personnummer)" in response.text

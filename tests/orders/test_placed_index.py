"""Kundorder: the user's drafts, the order number search among the orders
the user may see, and the user's open orders, with query counts that do not
grow with them."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AccessAction
from orders.choices import OrderStatus
from orders.models import Order
from orders.services import cancel_order
from orders.views import placed

from ..aids.recipient_helpers import views_logged
from ..factories import DraftOrderFactory, OrderLineFactory
from .placed_helpers import placed_order

INDEX = reverse("order_index")


def get(client, user, query=None):
    client.force_login(user)
    return client.get(INDEX, query or {})


def numbered(prescriber, count, prefix="2648"):
    """`count` registered orders numbered prefix0001, prefix0002, …"""
    orders = [placed_order(prescriber) for _ in range(count)]
    for serial, order in enumerate(orders, start=1):
        order.number = f"{prefix}{serial:04d}"
    Order.objects.bulk_update(orders, ["number"])
    return orders


def test_the_page_links_to_a_new_order(client, prescriber):
    response = get(client, prescriber)

    assert response.status_code == 200
    assert reverse("order_new") in response.text


def test_the_menu_marks_kundorder_on_the_order_pages(client, prescriber):
    order = placed_order(prescriber)

    client.force_login(prescriber)

    for url in (INDEX, reverse("order_detail", args=[order.pk])):
        assert f'href="{INDEX}" aria-current="page"' in client.get(url).text
    assert f'href="{INDEX}" aria-current' not in client.get(reverse("start")).text


def test_the_users_drafts_link_to_the_right_step_and_to_avbryt(
    client, prescriber, colleague
):
    with_lines = OrderLineFactory(order__prescriber=prescriber).order
    OrderLineFactory(order=with_lines)
    without_customer = DraftOrderFactory(
        prescriber=prescriber, customer=None, payer=None, address_name=""
    )
    DraftOrderFactory(prescriber=colleague)

    response = get(client, prescriber)

    drafts = list(response.context["drafts"])
    assert set(drafts) == {with_lines, without_customer}
    assert {draft.pk: draft.line_count for draft in drafts}[with_lines.pk] == 2
    text = response.text
    assert reverse("order_lines", args=[with_lines.pk]) in text
    assert reverse("order_customer", args=[without_customer.pk]) in text
    assert reverse("order_lines", args=[without_customer.pk]) not in text
    for draft in drafts:
        assert reverse("order_cancel_draft", args=[draft.pk]) in text
    assert str(with_lines.person) in text


def test_no_drafts_says_so(client, prescriber):
    assert "Du har inga påbörjade beställningar." in get(client, prescriber).text


def test_the_search_finds_a_whole_number_or_a_prefix_among_visible_orders(
    client, prescriber, colleague, outsider
):
    mine, theirs = numbered(prescriber, 1) + numbered(colleague, 1, "2649")
    hidden = numbered(outsider, 1, "2650")[0]

    def found(user, number):
        return get(client, user, {"number": number}).context["found"]

    assert found(colleague, mine.number) == [mine]
    assert found(prescriber, "264") == [mine, theirs]
    assert found(prescriber, "2650") == []
    assert found(outsider, "26") == [hidden]
    assert (
        "Ingen kundorder hittades." in get(client, prescriber, {"number": "2650"}).text
    )


def test_a_hit_links_to_the_order_and_its_patient_is_logged(
    client, prescriber, colleague
):
    [order] = numbered(prescriber, 1)

    response = get(client, colleague, {"number": order.number})

    assert reverse("order_detail", args=[order.pk]) in response.text
    [entry] = views_logged(order.person, AccessAction.SEARCH)
    assert entry.user == colleague


def test_staff_find_any_order(client, prescriber, staff):
    [order] = numbered(prescriber, 1)

    assert get(client, staff, {"number": "2648"}).context["found"] == [order]


@pytest.mark.parametrize("number", ["abc", "26-48", "264800011"])
def test_a_number_that_cannot_be_one_is_answered_next_to_the_field(
    client, prescriber, number
):
    response = get(client, prescriber, {"number": number})

    assert response.context["form"].errors["number"]
    assert response.context["found"] is None
    assert f'value="{number}"' in response.text


def test_more_hits_than_the_limit_show_the_first_and_say_so(
    client, prescriber, monkeypatch
):
    orders = numbered(prescriber, 3)
    monkeypatch.setattr(placed, "MAX_FOUND", 2)

    response = get(client, prescriber, {"number": "2648"})

    assert response.context["found"] == orders[:2]
    assert response.context["too_many"]
    assert "Fler än 2 order hittades." in response.text


def test_open_orders_are_the_users_unfinished_ones_of_any_age_newest_first(
    client, prescriber, colleague
):
    older, newer = placed_order(prescriber), placed_order(prescriber)
    Order.objects.filter(pk=older.pk).update(
        executed_at=timezone.now() - timedelta(days=1)
    )
    picked = placed_order(prescriber)
    Order.objects.filter(pk=picked.pk).update(status=OrderStatus.PICKED)
    cancel_order(placed_order(prescriber), prescriber)
    delivered = placed_order(prescriber)
    Order.objects.filter(pk=delivered.pk).update(status=OrderStatus.DELIVERED)
    old = placed_order(prescriber)
    Order.objects.filter(pk=old.pk).update(
        executed_at=timezone.now() - timedelta(days=800)
    )
    placed_order(colleague)

    response = get(client, prescriber)

    assert list(response.context["open_orders"]) == [picked, newer, older, old]
    assert not response.context["more_open"]


def test_more_open_orders_than_the_cap_show_the_newest_and_say_so(
    client, prescriber, monkeypatch
):
    orders = [placed_order(prescriber) for _ in range(3)]
    monkeypatch.setattr(placed, "MAX_OPEN", 2)

    response = get(client, prescriber)

    assert response.context["open_orders"] == orders[:0:-1]
    assert response.context["more_open"]
    assert "här visas de 2 senaste" in response.text


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_grow_with_drafts_orders_and_hits(
    client, prescriber, count, django_assert_max_num_queries
):
    for _ in range(count):
        OrderLineFactory(order__prescriber=prescriber)
    numbered(prescriber, count)
    client.force_login(prescriber)
    ContentType.objects.get_for_model(Order)

    # One of them logs the drafts and open orders listed.
    with django_assert_max_num_queries(11):
        response = client.get(INDEX, {"number": "2648"})

    assert len(response.context["drafts"]) == count
    assert len(response.context["open_orders"]) == count
    assert len(response.context["found"]) == count


@pytest.mark.parametrize(
    ("topic", "heading"),
    [
        ("order_index", "Hjälp: Kundorder"),
        ("order_detail", "Hjälp: Kundorder"),
        ("order_add_attachment", "Hjälp: Kundorder"),
        ("order_confirmation", "Hjälp: Orderbekräftelse"),
    ],
)
def test_the_order_pages_have_their_own_help(client, db, topic, heading):
    assert heading in client.get(reverse("help", args=[topic])).text


def test_the_start_page_points_to_the_users_drafts(client, prescriber, colleague):
    DraftOrderFactory(prescriber=colleague)
    client.force_login(prescriber)
    notice = "Påbörjade beställningar:"

    assert notice not in client.get(reverse("start")).text
    DraftOrderFactory(prescriber=prescriber)
    placed_order(prescriber)
    text = client.get(reverse("start")).text

    assert f'<a href="{INDEX}">Påbörjade beställningar: 1</a>' in text


def test_the_drafts_and_open_orders_listed_are_logged_with_their_customers(
    client, prescriber, customer
):
    draft = DraftOrderFactory(prescriber=prescriber)
    order = placed_order(prescriber)

    response = get(client, prescriber)

    assert str(draft.person) in response.text
    assert str(order.person) in response.text
    for listed in (draft, order):
        [entry] = views_logged(listed.person)
        assert entry.customer == customer
    assert "no-store" in response["Cache-Control"]

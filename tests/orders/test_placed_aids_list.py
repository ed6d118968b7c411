"""The recipient's aids after an order: an ordered, undelivered aid says
Beställd with its delivery date and links to its order; delivered and old
aids are as before; the list's query count stays constant."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from aids.models import Holding
from orders.services import ship_line

from ..factories import HoldingFactory
from .placed_helpers import placed_order


def aids_page(client, user, person, name="recipient_aids", *args):
    client.force_login(user)
    return client.get(reverse(name, args=[str(person.pk), *args])).text


def test_an_ordered_aid_says_beställd_with_its_date_and_links_to_the_order(
    client, prescriber
):
    order = placed_order(prescriber)
    line = order.lines.get()

    text = aids_page(client, prescriber, order.person)

    assert f"Beställd {line.delivery_date.isoformat()}, order " in text
    assert (
        f'<a href="{reverse("order_detail", args=[order.pk])}">{order.number}</a>'
        in text
    )
    assert "Ej levererad" not in text


def test_a_delivered_aid_shows_its_delivery_date(client, prescriber, staff):
    order = placed_order(prescriber)
    line = ship_line(order.lines.get(), 1, staff)

    text = aids_page(client, prescriber, order.person)

    assert "Beställd" not in text
    assert line.holding.delivered_on.isoformat() in text


def test_an_aid_from_before_websesam_is_not_linked(client, prescriber):
    held = HoldingFactory(
        delivered_on=None,
        order_number="12345678",
        customer=prescriber.customers.get(),
    )

    text = aids_page(client, prescriber, held.person)

    assert "Ej levererad" in text
    assert "Beställd" not in text


def test_the_aids_details_link_the_order_number(client, prescriber):
    order = placed_order(prescriber)
    holding = order.lines.get().holding

    text = aids_page(client, prescriber, order.person, "recipient_holding", holding.pk)

    assert (
        f'<a href="{reverse("order_detail", args=[order.pk])}">{order.number}</a>'
        in text
    )
    assert "Beställd, leveransdatum" in text


def test_a_cancelled_order_leaves_nothing_on_the_list(client, prescriber):
    from orders.services import cancel_order

    order = placed_order(prescriber)
    cancel_order(order, prescriber)

    assert not Holding.objects.filter(person=order.person).exists()
    assert order.number not in aids_page(client, prescriber, order.person)


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_query_count_stays_constant_with_ordered_aids(
    client, prescriber, count, django_assert_max_num_queries
):
    order = placed_order(prescriber, lines=count)
    client.force_login(prescriber)
    ContentType.objects.get_for_model(order.person)

    # The order makes the care relationship; checking it is one query, and
    # the customers the access log records one more.
    with django_assert_max_num_queries(11):
        text = client.get(reverse("recipient_aids", args=[str(order.person.pk)])).text

    assert text.count("Beställd ") == count

"""Makulera order (F-07) from the order page: the button only while
nothing is picked, a second page asking before anything happens,
reservations released, a second cancel harmless, and otherwise a sentence
telling the prescriber to call customer service."""

import pytest
from django.conf import settings
from django.urls import reverse

from orders.choices import LineStatus, OrderStatus
from orders.services import mark_picked
from warehouse.models import StockBalance

from .placed_helpers import placed_order

BUTTON = "Makulera order"


def refused():
    return (
        "Ordern kan inte makuleras här. Kontakta kundtjänst, telefon "
        f"{settings.CUSTOMER_SERVICE_PHONE}, om ordern eller en orderrad ska "
        "makuleras."
    )


@pytest.fixture
def order(prescriber):
    return placed_order(prescriber, lines=2)


def page(client, user, order):
    client.force_login(user)
    return client.get(reverse("order_detail", args=[order.pk]))


def cancel(client, user, order):
    client.force_login(user)
    return client.post(reverse("order_cancel", args=[order.pk]), follow=True)


def reserved(order):
    return sum(
        StockBalance.objects.filter(
            article__order_lines__order=order, warehouse=order.warehouse
        ).values_list("reserved", flat=True)
    )


def test_a_registered_order_has_the_button(client, prescriber, order):
    text = page(client, prescriber, order).text

    assert f'href="{reverse("order_cancel", args=[order.pk])}">{BUTTON}</a>' in text
    assert refused() not in text


def test_the_button_asks_first_and_changes_nothing(client, prescriber, order):
    client.force_login(prescriber)

    response = client.get(reverse("order_cancel", args=[order.pk]))

    text = response.text
    assert response.status_code == 200
    assert f"Vill du makulera order {order.number}?" in text
    assert '<button type="submit" class="btn btn-danger">Ja</button>' in text
    assert f'href="{reverse("order_detail", args=[order.pk])}">Nej</a>' in text
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    assert reserved(order) == 2


def test_cancelling_releases_the_reservations_and_shows_the_order_without_lines(
    client, colleague, order
):
    assert reserved(order) == 2

    response = cancel(client, colleague, order)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_by == colleague
    assert set(order.lines.values_list("status", flat=True)) == {LineStatus.CANCELLED}
    assert reserved(order) == 0
    assert response.redirect_chain == [(reverse("order_detail", args=[order.pk]), 302)]
    assert "Ordern är makulerad." in response.text
    assert "Alla orderrader är makulerade." in response.text
    for line in order.lines.select_related("article"):
        assert line.article.article_no not in response.text
    assert BUTTON not in response.text
    assert refused() not in response.text


def test_cancelling_twice_is_harmless(client, prescriber, order):
    cancel(client, prescriber, order)

    response = cancel(client, prescriber, order)

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert reserved(order) == 0


def test_a_picked_order_has_no_button_and_a_cancel_is_refused(
    client, prescriber, staff, order
):
    mark_picked(order.lines.first(), staff)

    assert BUTTON not in page(client, prescriber, order).text
    assert refused() in page(client, prescriber, order).text
    response = cancel(client, prescriber, order)

    order.refresh_from_db()
    assert order.status == OrderStatus.PICKED
    assert reserved(order) == 2
    assert "Ordern kan inte makuleras eftersom leveransen redan har påbörjats" in (
        response.text
    )


def test_an_outsider_cannot_cancel(client, outsider, order):
    client.force_login(outsider)

    response = client.post(reverse("order_cancel", args=[order.pk]))

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED


def test_an_order_that_cannot_be_cancelled_is_not_asked_about(
    client, prescriber, staff, order
):
    mark_picked(order.lines.first(), staff)
    client.force_login(prescriber)

    response = client.get(reverse("order_cancel", args=[order.pk]))

    assert response["Location"] == reverse("order_detail", args=[order.pk])

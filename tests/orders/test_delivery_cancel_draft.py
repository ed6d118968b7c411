"""Avbryt: a confirmation, then the draft with its lines and files is gone;
only the owner's draft, and never an executed order."""

import pytest
from django.urls import reverse

from orders.choices import OrderStatus
from orders.models import Order, OrderAttachment, OrderLine
from orders.services import execute_order
from orders.views.common import CURRENT_DRAFT

from .delivery_helpers import delivery_url, draft_with_lines
from .upload_files import attach


@pytest.fixture
def order(prescriber, media_root):
    order = draft_with_lines(prescriber, 2)
    attach(order, "intyg.pdf")
    return order


def cancel_url(order):
    return reverse("order_cancel_draft", args=[order.pk])


def test_avbryt_asks_first_and_links_back(client, prescriber, order):
    client.force_login(prescriber)

    response = client.get(cancel_url(order))

    assert response.status_code == 200
    assert (
        "Vill du avbryta beställningen? Orderraderna och bifogade filer tas bort."
        in response.text
    )
    assert ">Avbryt beställningen</button>" in response.text
    assert delivery_url(order) in response.text
    assert Order.objects.filter(pk=order.pk).exists()


def test_confirming_removes_the_draft_its_lines_and_files(
    client, prescriber, order, media_root, django_capture_on_commit_callbacks
):
    client.force_login(prescriber)
    client.get(delivery_url(order))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(order), follow=True)

    assert response.redirect_chain == [(reverse("start"), 302)]
    assert "Beställningen är avbruten." in response.text
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert not OrderAttachment.objects.exists()
    assert not any(media_root.rglob("*.pdf"))
    assert CURRENT_DRAFT not in client.session


@pytest.mark.parametrize("user", ["colleague", "outsider", "staff"])
def test_someone_elses_draft_cannot_be_cancelled(client, request, order, user):
    client.force_login(request.getfixturevalue(user))

    get = client.get(cancel_url(order))
    post = client.post(cancel_url(order))

    assert (get.status_code, post.status_code) == (404, 404)
    assert Order.objects.filter(pk=order.pk).exists()


def test_an_executed_order_is_never_deleted(client, prescriber, order):
    execute_order(order, prescriber)
    client.force_login(prescriber)

    get = client.get(cancel_url(order))
    post = client.post(cancel_url(order))

    assert get.status_code == 404
    assert post["Location"] == reverse("order_detail", args=[order.pk])
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    assert order.attachments.count() == 1

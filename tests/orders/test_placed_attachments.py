"""Bifoga fil on the order page (F-10): files listed with links, one or
more added, bad files and an empty form answered with a message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import OrderAttachment
from orders.services import cancel_order

from ..aids.recipient_helpers import views_logged
from .placed_helpers import placed_order
from .upload_files import attach, upload


@pytest.fixture
def order(prescriber, media_root):
    return placed_order(prescriber)


def post(client, user, order, *files):
    client.force_login(user)
    return client.post(
        reverse("order_add_attachment", args=[order.pk]),
        {"files": list(files)},
        follow=True,
    )


def test_the_order_page_lists_the_files_with_links(client, colleague, staff, order):
    own = attach(order, "intyg.pdf")
    theirs = attach(order, "ritning.png", staff)
    client.force_login(colleague)

    text = client.get(reverse("order_detail", args=[order.pk])).text

    for attached in (own, theirs):
        assert reverse("order_attachment", args=[attached.pk]) in text
        assert attached.original_name in text


def test_several_files_are_added_at_once(client, colleague, order):
    response = post(client, colleague, order, upload("a.pdf"), upload("b.docx"))

    assert response.redirect_chain == [(reverse("order_detail", args=[order.pk]), 302)]
    assert "2 fil(er) bifogade." in response.text
    names = OrderAttachment.objects.filter(order=order).values_list(
        "original_name", "uploaded_by"
    )
    assert set(names) == {("a.pdf", colleague.pk), ("b.docx", colleague.pk)}


def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    client, prescriber, order
):
    response = post(
        client, prescriber, order, upload("a.pdf"), upload("fake.pdf", b"MZ\x90")
    )

    assert response.status_code == 200
    assert response.context["attachment_form"].errors["files"]
    assert "fake.pdf" in response.text
    assert not OrderAttachment.objects.exists()


def test_a_refused_file_shows_the_patient_again_logged_and_not_stored(
    client, prescriber, order
):
    client.force_login(prescriber)

    response = client.post(
        reverse("order_add_attachment", args=[order.pk]),
        {"files": [upload("fake.pdf", b"MZ\x90")]},
    )

    assert str(order.person) in response.text
    assert views_logged(order.person).get().object_id == str(order.pk)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_refused_file_shows_the_page_with_the_order_fetched_once(
    client, prescriber, order
):
    client.force_login(prescriber)

    with CaptureQueriesContext(connection) as context:
        client.post(
            reverse("order_add_attachment", args=[order.pk]),
            {"files": [upload("fake.pdf", b"MZ\x90")]},
        )

    order_reads = [
        query
        for query in context.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "orders_order"' in query["sql"]
    ]
    assert len(order_reads) == 1


def test_no_file_gives_a_message(client, prescriber, order):
    response = post(client, prescriber, order)

    assert "Välj minst en fil att bifoga." in response.text
    assert not OrderAttachment.objects.exists()


def test_an_outsider_cannot_add_files(client, outsider, order):
    response = post(client, outsider, order, upload("a.pdf"))

    assert response.status_code == 404
    assert not OrderAttachment.objects.exists()


def test_a_cancelled_order_offers_no_bifoga_fil_and_refuses_a_file(
    client, prescriber, order
):
    order = cancel_order(order, prescriber)
    client.force_login(prescriber)

    text = client.get(reverse("order_detail", args=[order.pk])).text
    response = post(client, prescriber, order, upload("a.pdf"))

    assert reverse("order_add_attachment", args=[order.pk]) not in text
    assert "Bifoga fil" not in text
    assert response.redirect_chain == [(reverse("order_detail", args=[order.pk]), 302)]
    assert "Ordern är makulerad. Det går inte att bifoga filer till den." in (
        response.text
    )
    assert not OrderAttachment.objects.filter(order=order).exists()
    with pytest.raises(ValidationError):
        attach(order, "b.pdf")

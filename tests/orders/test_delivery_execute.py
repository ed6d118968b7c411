"""Verkställ on the Leverans page: it saves, attaches and executes once; a
second POST shows the same order; what stops it is said on the page and
nothing typed is lost."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orders.choices import OrderStatus
from orders.models import Order, OrderAttachment
from orders.services import execute_order, save_delivery

from .delivery_helpers import delivery_url, draft_with_lines, execute_data, form_data
from .upload_files import PDF, upload


@pytest.fixture
def order(prescriber):
    return draft_with_lines(prescriber, 2)


def confirmation_url(order):
    return reverse("order_confirmation", args=[order.pk])


def test_verkstall_saves_the_fields_and_registers_the_order(client, prescriber, order):
    client.force_login(prescriber)

    response = client.post(
        delivery_url(order), execute_data(door_code="1966", joint_delivery=None)
    )

    assert response["Location"] == confirmation_url(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    assert len(order.number) == 8
    assert (order.door_code, order.joint_delivery) == ("1966", False)
    assert order.recipient_phone == "070-111 22 33"
    assert all(line.delivery_date for line in order.lines.all())


def test_verkstall_twice_gives_the_same_order_and_changes_nothing(
    client, prescriber, order
):
    client.force_login(prescriber)

    first = client.post(delivery_url(order), execute_data(door_code="1966"))
    executed = Order.objects.values().get(pk=order.pk)
    second = client.post(
        delivery_url(order),
        execute_data(door_code="0000", other_information="Andra fliken"),
        follow=True,
    )

    assert first["Location"] == confirmation_url(order)
    assert second.redirect_chain == [(confirmation_url(order), 302)]
    assert executed["number"] in second.text
    assert Order.objects.count() == 1
    assert Order.objects.values().get(pk=order.pk) == executed


def test_spara_andringar_after_execution_changes_nothing(client, prescriber, order):
    execute_order(order, prescriber)
    executed = Order.objects.values().get(pk=order.pk)
    client.force_login(prescriber)

    response = client.post(delivery_url(order), form_data(door_code="0000"))

    assert response["Location"] == confirmation_url(order)
    assert Order.objects.values().get(pk=order.pk) == executed


def test_the_page_of_an_executed_order_goes_to_its_confirmation(
    client, prescriber, order
):
    execute_order(order, prescriber)
    client.force_login(prescriber)

    response = client.get(delivery_url(order))

    assert response["Location"] == confirmation_url(order)


def test_a_save_racing_an_execute_never_makes_the_order_a_draft_again(
    prescriber, order
):
    stale = Order.objects.get(pk=order.pk)
    execute_order(order, prescriber)

    with pytest.raises(ValidationError) as error:
        save_delivery(stale, door_code="0000")

    assert error.value.code == "not_draft"
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    assert order.door_code == ""


def test_what_stops_verkstall_is_shown_and_the_typed_values_kept(
    client, prescriber, customer
):
    order = draft_with_lines(prescriber)
    customer.street = ""
    customer.save()
    client.force_login(prescriber)

    response = client.post(
        delivery_url(order), execute_data(contact_person="Eva Lind 070-222 33 44")
    )

    assert response.status_code == 200
    assert "Ordern kan inte verkställas än:" in response.text
    assert "Ange leveransadress med gatuadress och ort." in response.text
    assert 'value="Eva Lind 070-222 33 44"' in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    assert order.number is None
    # Saved, so nothing is lost when the prescriber goes to add lines.
    assert order.contact_person == "Eva Lind 070-222 33 44"


def test_verkstall_stores_the_attached_files(client, prescriber, order, media_root):
    client.force_login(prescriber)

    client.post(
        delivery_url(order),
        {
            **execute_data(),
            "files": [upload("Remiss åäö.pdf"), upload("foto.png")],
        },
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED
    stored = list(order.attachments.all())
    assert {(a.original_name, a.content_type) for a in stored} == {
        ("Remiss åäö.pdf", "application/pdf"),
        ("foto.png", "image/png"),
    }
    for attached in stored:
        # A generated name: the user's file name is never a path.
        assert attached.original_name not in attached.file.name
        assert (media_root / attached.file.name).exists()


def test_spara_andringar_attaches_and_lists_the_files(
    client, prescriber, order, media_root
):
    client.force_login(prescriber)

    response = client.post(
        delivery_url(order),
        {**form_data(), "files": [upload("intyg.docx")]},
        follow=True,
    )

    attached = OrderAttachment.objects.get(order=order)
    assert reverse("order_attachment", args=[attached.pk]) in response.text
    assert "intyg.docx" in response.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.exe", PDF, "Tillåtna filtyper är PDF, JPEG, PNG och Word"),
        ("remiss.pdf", b"MZ\x90\x00 inte en pdf", "inte vad filändelsen säger"),
        ("stor.pdf", PDF + b" " * 64, "är för stor"),
    ],
)
def test_a_bad_file_is_answered_next_to_bifoga_fil_and_nothing_is_executed(
    client, prescriber, order, media_root, settings, name, data, message
):
    settings.ATTACHMENT_MAX_BYTES = len(PDF) + 10
    client.force_login(prescriber)

    response = client.post(
        delivery_url(order),
        {
            **execute_data(door_code="1966", other_information="Hiss saknas."),
            "files": [upload("ok.pdf"), upload(name, data)],
        },
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["files"].errors["files"])
    assert 'id="error_1_id_files"' in response.text
    assert 'value="1966"' in response.text
    assert "Hiss saknas.</textarea>" in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    assert order.door_code == ""
    assert not OrderAttachment.objects.exists()
    assert not any(media_root.rglob("*.*"))


@pytest.mark.parametrize("user", ["colleague", "outsider"])
def test_someone_else_cannot_execute_a_draft(client, request, order, user):
    client.force_login(request.getfixturevalue(user))

    response = client.post(delivery_url(order), execute_data())

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Customer
from notices.models import Message
from notices.services import mark_read, notify


def test_it_leaves_a_message_for_the_user(prescriber, colleague):
    message = notify(prescriber, "Ändrat leveransdatum", "Ny dag: fredag.")

    message.refresh_from_db()
    assert message.recipient == prescriber
    assert message.subject == "Ändrat leveransdatum"
    assert message.body == "Ny dag: fredag."
    assert message.read_at is None
    assert message.about is None
    assert not Message.objects.filter(recipient=colleague).exists()


def test_it_links_the_message_to_the_object_it_is_about(prescriber, customer):
    message = notify(prescriber, "Arbetsorder avslutad", about=customer)

    message = Message.objects.get(pk=message.pk)
    assert message.about_type == ContentType.objects.get_for_model(Customer)
    assert message.about_id == str(customer.pk)
    assert message.about == customer


def test_mark_read_sets_read_at_once(prescriber):
    message = notify(prescriber, "Ämne")

    mark_read(message)
    first = Message.objects.get(pk=message.pk).read_at
    mark_read(message)

    assert first is not None
    assert Message.objects.get(pk=message.pk).read_at == first


def test_the_message_page_links_to_an_object_with_a_url(
    client, prescriber, customer, monkeypatch
):
    # No model has a page of its own yet (orders will); give Customer one for
    # this test, as an order would have.
    monkeypatch.setattr(
        Customer,
        "get_absolute_url",
        lambda self: f"/kunder/{self.kundid}/",
        raising=False,
    )
    message = notify(prescriber, "Ändrat leveransdatum", about=customer)
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert f'href="/kunder/{customer.kundid}/"' in response.text
    assert f"Visa {customer}" in response.text


def test_the_message_page_has_no_link_for_an_object_without_a_url(
    client, prescriber, customer
):
    assert not hasattr(customer, "get_absolute_url")
    message = notify(prescriber, "Ändrat leveransdatum", about=customer)
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert response.status_code == 200
    assert "Visa " not in response.text

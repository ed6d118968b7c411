import pytest
from django.urls import reverse

from notices.models import Message
from tests.factories import MessageFactory


@pytest.fixture
def message(prescriber):
    return MessageFactory(recipient=prescriber, subject="Arbetsorder avslutad")


def test_it_deletes_the_message_and_returns_to_the_start_page(
    client, prescriber, message
):
    other = MessageFactory(recipient=prescriber, subject="Behålls")
    client.force_login(prescriber)

    response = client.post(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    assert not Message.objects.filter(pk=message.pk).exists()
    assert Message.objects.filter(pk=other.pk).exists()


def test_it_confirms_in_swedish_on_the_start_page(client, prescriber, message):
    client.force_login(prescriber)

    response = client.post(reverse("message_delete", args=[message.pk]), follow=True)

    assert response.redirect_chain == [(reverse("start"), 302)]
    assert "Meddelandet är borttaget." in response.text
    assert "Arbetsorder avslutad" not in response.text


def test_it_answers_404_for_someone_elses_message(client, colleague, message):
    client.force_login(colleague)

    response = client.post(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 404
    assert Message.objects.filter(pk=message.pk).exists()


def test_it_refuses_get(client, prescriber, message):
    client.force_login(prescriber)

    response = client.get(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 405
    assert Message.objects.filter(pk=message.pk).exists()


def test_it_requires_login(client, message):
    response = client.post(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Message.objects.filter(pk=message.pk).exists()

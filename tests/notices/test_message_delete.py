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


def test_ta_bort_asks_first_and_deletes_nothing(client, prescriber, message):
    client.force_login(prescriber)

    response = client.get(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Vill du ta bort meddelandet ”Arbetsorder avslutad”?" in response.text
    assert '<button type="submit" class="btn btn-danger">Ja</button>' in response.text
    assert f'href="{reverse("start")}">Nej</a>' in response.text
    assert Message.objects.filter(pk=message.pk).exists()


def test_the_message_page_links_to_the_question(client, prescriber, message):
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    delete = reverse("message_delete", args=[message.pk])
    assert f'href="{delete}">Ta bort</a>' in response.text
    assert f'action="{delete}"' not in response.text


def test_someone_elses_message_is_not_asked_about(client, colleague, message):
    client.force_login(colleague)

    response = client.get(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 404


def test_it_requires_login(client, message):
    response = client.post(reverse("message_delete", args=[message.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Message.objects.filter(pk=message.pk).exists()

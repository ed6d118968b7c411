import pytest
from django.urls import reverse

from notices.models import Message
from tests.factories import MessageFactory


@pytest.fixture
def message(prescriber):
    return MessageFactory(
        recipient=prescriber,
        subject="Ändrat leveransdatum",
        body="Leveransdatum är nu fredag.",
    )


def test_it_shows_the_message_and_marks_it_read(client, prescriber, message):
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert response.status_code == 200
    assert "Ändrat leveransdatum" in response.text
    assert "Leveransdatum är nu fredag." in response.text
    message.refresh_from_db()
    assert message.read_at is not None


def test_it_answers_404_for_someone_elses_message(client, colleague, message):
    client.force_login(colleague)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_it_answers_404_for_a_message_that_does_not_exist(client, prescriber):
    client.force_login(prescriber)

    response = client.get(
        reverse("message_detail", args=["00000000-0000-0000-0000-000000000000"])
    )

    assert response.status_code == 404


def test_it_requires_login(client, message):
    url = reverse("message_detail", args=[message.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Message.objects.get(pk=message.pk).read_at is None


def test_it_is_not_cached(client, prescriber, message):
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert "no-store" in response["Cache-Control"]

from django.urls import reverse

from notices.models import News
from tests.factories import MessageFactory


def test_staff_can_add_news(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:notices_news_add"),
        {
            "title": "Planerat avbrott",
            "body": "webSesam är stängt tisdag kl. 06.00–07.00.",
            "valid_from_0": "2026-01-01",
            "valid_from_1": "06:00:00",
            "valid_until_0": "",
            "valid_until_1": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:notices_news_changelist")
    news = News.objects.get()
    assert news.title == "Planerat avbrott"
    assert news.valid_until is None


def test_staff_cannot_add_news_that_ends_before_it_starts(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:notices_news_add"),
        {
            "title": "Fel datum",
            "body": "Text.",
            "valid_from_0": "2026-02-01",
            "valid_from_1": "06:00:00",
            "valid_until_0": "2026-01-01",
            "valid_until_1": "06:00:00",
        },
    )

    assert response.status_code == 200
    assert "Visas till måste vara efter visas från." in response.text
    assert not News.objects.exists()


def test_staff_can_list_messages(client, staff, prescriber):
    MessageFactory(recipient=prescriber, subject="Ändrat leveransdatum")
    client.force_login(staff)

    response = client.get(reverse("admin:notices_message_changelist"))

    assert response.status_code == 200
    assert "Ändrat leveransdatum" in response.text


def test_a_prescriber_is_sent_away_from_the_admin(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_prescriber_cannot_open_the_news_admin(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("admin:notices_news_add"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

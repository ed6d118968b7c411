import pytest
from django.urls import reverse

from tests.factories import MessageFactory

# Each topic's own help, recognisable by its heading.
TOPICS = {
    "start": "Hjälp: Startsida",
    "login": "Hjälp: Logga in",
    "password_change": "Hjälp: Byt lösenord",
    "my_details": "Hjälp: Dina uppgifter",
}


def help_link(url_name):
    return f'href="{reverse("help", args=[url_name])}"'


@pytest.mark.parametrize(("topic", "heading"), TOPICS.items())
def test_a_known_topic_renders_its_own_help(client, db, topic, heading):
    response = client.get(reverse("help", args=[topic]))

    assert response.status_code == 200
    assert heading in response.text
    assert "Hjälp: webSesam" not in response.text


def test_an_unknown_topic_renders_the_general_help(client, db):
    response = client.get(reverse("help", args=["finns_inte"]))

    assert response.status_code == 200
    assert "Hjälp: webSesam" in response.text


def test_the_help_layout_is_not_a_topic(client, db):
    response = client.get(reverse("help", args=["layout"]))

    assert "Hjälp: webSesam" in response.text


def test_help_opens_without_login(client, db):
    response = client.get(reverse("help", args=["login"]))

    assert response.status_code == 200
    assert reverse("manuals") not in response.text


def test_help_links_to_the_manuals_when_logged_in(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("help", args=["start"]))

    assert f'href="{reverse("manuals")}"' in response.text


@pytest.mark.parametrize(
    "url_name", ["start", "manuals", "password_change", "my_details"]
)
def test_every_page_links_to_its_own_help(client, prescriber, url_name):
    client.force_login(prescriber)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert help_link(url_name) in response.text


def test_the_message_page_links_to_its_own_help(client, prescriber):
    message = MessageFactory(recipient=prescriber)
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert help_link("message_detail") in response.text
    assert client.get(reverse("help", args=["message_detail"])).status_code == 200


def test_the_login_page_links_to_its_own_help(client, db):
    response = client.get(reverse("login"))

    assert help_link("login") in response.text


def test_the_help_page_links_to_help(client, db):
    response = client.get(reverse("help", args=["login"]))

    assert help_link("help") in response.text

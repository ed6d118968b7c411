"""Logging in and out, and that every page needs a login."""

import pytest
from django.urls import reverse

from accounts.models import UserSession

from .helpers import is_logged_in, log_in

pytestmark = pytest.mark.django_db


def test_it_shows_the_login_page_in_swedish(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Logga in i webSesam med ditt personliga användarnamn" in response.text
    assert "Användarnamn" in response.text
    assert "Lösenord" in response.text
    assert "Glömt lösenord?" in response.text


def test_it_refuses_a_wrong_password_in_swedish_and_keeps_the_username(
    client, prescriber
):
    response = log_in(client, prescriber.username, "fel lösenord helt och hållet")

    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord." in response.text
    assert f'value="{prescriber.username}"' in response.text
    assert not is_logged_in(client)


def test_it_logs_in_and_redirects_to_the_start_page(client, prescriber):
    response = log_in(client, prescriber.username)

    assert response.status_code == 302
    assert response.url == reverse("start")
    assert client.session["_auth_user_id"] == str(prescriber.pk)
    assert client.get(reverse("start")).status_code == 200


def test_it_gives_a_new_session_id_at_login(client, prescriber):
    # A session that exists before login (e.g. planted by an attacker).
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key
    assert client.cookies["sessionid"].value == old_key

    log_in(client, prescriber.username)

    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    assert not UserSession.objects.filter(session_key=old_key).exists()
    assert UserSession.objects.get(session_key=new_key).user == prescriber


@pytest.mark.parametrize(
    "path", ["/", "/manualer/", "/konto/losenord/", "/admin/accounts/user/"]
)
def test_it_sends_anonymous_visitors_to_the_login_page(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) or response.url.startswith(
        reverse("admin:login")
    )
    assert "next=" in response.url


def test_it_sends_anonymous_visitors_of_the_start_page_to_login_with_next(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/"


@pytest.mark.parametrize("url_name", ["login", "password_reset", "password_reset_done"])
def test_it_opens_login_and_password_reset_pages_without_login(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_it_ends_the_session_at_logout(client, prescriber):
    client.force_login(prescriber)
    assert client.get(reverse("start")).status_code == 200
    session_key = client.cookies["sessionid"].value

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert not UserSession.objects.filter(session_key=session_key).exists()
    assert not UserSession.objects.filter(user=prescriber).exists()
    assert client.get(reverse("start")).status_code == 302


def test_it_does_not_log_out_on_get(client, prescriber):
    """Logout is a POST (with CSRF), so a link or image cannot log anyone out."""
    client.force_login(prescriber)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(reverse("start")).status_code == 200

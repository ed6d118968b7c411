"""'Glömt lösenord?': a single-use link by mail, without revealing which
addresses have accounts, and never a password in a mail."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from tests.factories import PASSWORD, UserFactory

from .helpers import choose_password, is_logged_in, link_in, log_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "glömde det gamla men inte detta"


def without_nonce(html):
    """The page without what differs on every response: the CSP nonce and
    the (masked) CSRF token of the header's language switch."""
    html = re.sub(r' nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def ask_for_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_it_mails_a_reset_link_to_a_known_address(client, prescriber):
    response = ask_for_reset(client, prescriber.email.upper())

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Kontrollera din e-post" in response.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [prescriber.email]
    assert message.subject == "Nytt lösenord till webSesam"
    assert prescriber.username in message.body
    assert link_in(message).startswith("/konto/nytt-losenord/")


def test_it_lets_the_user_set_a_new_password_with_the_link_and_log_in(
    client, prescriber
):
    ask_for_reset(client, prescriber.email)

    response = choose_password(Client(), link_in(mail.outbox[0]), NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert log_in(client, prescriber.username, PASSWORD).status_code == 200
    assert not is_logged_in(client)
    response = log_in(client, prescriber.username, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("start")
    assert is_logged_in(client)


def test_it_refuses_a_used_reset_link(client, prescriber):
    ask_for_reset(client, prescriber.email)
    link = link_in(mail.outbox[0])
    choose_password(client, link, NEW_PASSWORD)

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False
    assert "Länken är inte giltig längre" in response.text


def test_it_answers_an_unknown_address_exactly_like_a_known_one(client, prescriber):
    known = ask_for_reset(Client(), prescriber.email)
    mail.outbox.clear()

    unknown = ask_for_reset(Client(), "ingen.alls@example.se")

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == known.status_code == 200
    # Identical but for the per-response CSP nonce.
    assert without_nonce(unknown.text) == without_nonce(known.text)


def test_it_mails_no_link_to_a_deactivated_account(client):
    user = UserFactory(is_active=False)

    ask_for_reset(client, user.email)

    assert mail.outbox == []


def test_it_never_puts_a_password_in_a_mail(
    client, prescriber, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_user(username="ny", email="ny@example.se")
        services.create_user(
            username="start",
            email="start@example.se",
            initial_password="startlösenordet som ringdes in",
        )
    ask_for_reset(client, prescriber.email)
    choose_password(Client(), link_in(mail.outbox[-1]), NEW_PASSWORD)
    ask_for_reset(client, prescriber.email)

    assert [message.to for message in mail.outbox] == [
        ["ny@example.se"],
        [prescriber.email],
        [prescriber.email],
    ]
    for message in mail.outbox:
        for secret in [PASSWORD, NEW_PASSWORD, "startlösenordet som ringdes in"]:
            assert secret not in message.body
            assert secret not in message.subject


def test_it_lets_a_new_account_without_a_password_use_the_reset(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_user(username="utanlosen", email="utan@example.se")
    assert not user.has_usable_password()
    mail.outbox.clear()

    ask_for_reset(client, "utan@example.se")

    assert len(mail.outbox) == 1
    response = choose_password(client, link_in(mail.outbox[0]), NEW_PASSWORD)
    assert response.status_code == 302
    assert log_in(client, "utanlosen", NEW_PASSWORD).url == reverse("start")

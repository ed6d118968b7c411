"""New accounts: an activation link by mail, single-use, valid 72 hours."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse
from django.utils.http import urlsafe_base64_decode

from accounts import services
from accounts.models import User

from .helpers import choose_password, is_logged_in, link_in, log_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "sju gröna äpplen i en korg"


@pytest.fixture
def new_user(customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_user(
            username="nyanvandare",
            email="ny.anvandare@example.se",
            first_name="Nils",
            last_name="Nilsson",
            customers=[customer],
        )


def is_activation_link_for(link, user):
    """The link's token decoded, not compared with a new one: a token embeds
    the second it was made, and the mail's and the test's may differ."""
    match = resolve(link)
    return (
        match.url_name == "activate"
        and urlsafe_base64_decode(match.kwargs["uidb64"]).decode() == str(user.pk)
        and default_token_generator.check_token(user, match.kwargs["token"])
    )


def test_it_mails_one_activation_link_to_a_new_user(new_user, customer):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.anvandare@example.se"]
    assert message.subject == "Ditt konto i webSesam"
    assert is_activation_link_for(link_in(message), new_user)
    assert "nyanvandare" in message.body
    assert "72 timmar" in message.body
    assert not new_user.has_usable_password()
    assert not new_user.must_change_password
    assert list(new_user.customers.all()) == [customer]


def test_it_sends_the_mail_only_when_the_account_is_saved(
    customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.create_user(username="sparas", email="sparas@example.se")
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_it_lets_the_user_choose_a_password_with_the_link_and_log_in(client, new_user):
    link = link_in(mail.outbox[0])
    assert link.startswith("/konto/aktivera/")

    response = choose_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("login")
    page = client.get(response.url)
    assert "Ditt konto är aktiverat." in page.text
    new_user.refresh_from_db()
    assert new_user.check_password(NEW_PASSWORD)

    response = log_in(client, "nyanvandare", NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("start")
    assert is_logged_in(client)


def test_it_refuses_the_same_link_a_second_time(client, new_user):
    link = link_in(mail.outbox[0])
    choose_password(client, link, NEW_PASSWORD)

    response = client.get(link)

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "Länken är inte giltig längre" in response.text
    assert "<form" not in response.text.split("<main", 1)[1]


def test_it_refuses_the_same_link_in_another_browser(client, new_user):

    link = link_in(mail.outbox[0])
    choose_password(client, link, NEW_PASSWORD)

    response = Client().get(link, follow=True)

    assert response.context["validlink"] is False
    assert "Länken är inte giltig längre" in response.text


SENT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def link_sent_at_8(time_machine, customer, django_capture_on_commit_callbacks):
    """The activation link of a user created at 08:00 on 2 March 2026."""
    time_machine.move_to(SENT, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_user(username="sent8", email="sent8@example.se")
    return user, link_in(mail.outbox[0])


def test_it_accepts_the_link_until_it_is_72_hours_old(
    client, time_machine, link_sent_at_8
):
    user, link = link_sent_at_8
    time_machine.move_to(
        SENT + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, minutes=-1)
    )

    response = choose_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_it_refuses_a_link_older_than_72_hours(client, time_machine, link_sent_at_8):
    assert settings.PASSWORD_RESET_TIMEOUT == 72 * 3600
    user, link = link_sent_at_8
    time_machine.move_to(
        SENT + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, minutes=1)
    )

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False
    assert "Länken är inte giltig längre" in response.text
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_it_mails_an_activation_link_when_staff_add_a_user_in_the_admin(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "adminskapad",
                "first_name": "Greta",
                "last_name": "Berg",
                "email": "greta.berg@example.se",
                "authorisations-TOTAL_FORMS": "0",
                "authorisations-INITIAL_FORMS": "0",
                "payer_authorisations-TOTAL_FORMS": "0",
                "payer_authorisations-INITIAL_FORMS": "0",
            },
        )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="adminskapad")
    assert not user.has_usable_password()
    assert not user.must_change_password
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["greta.berg@example.se"]
    assert is_activation_link_for(link_in(mail.outbox[0]), user)

    response = choose_password(Client(), link_in(mail.outbox[0]), NEW_PASSWORD)
    assert response.status_code == 302

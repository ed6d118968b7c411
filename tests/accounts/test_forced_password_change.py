"""An account created with a start password must choose its own first."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from tests.factories import MessageFactory

from .helpers import log_in

pytestmark = pytest.mark.django_db

START_PASSWORD = "startlösenord från kundtjänst"
OWN_PASSWORD = "mitt eget lösenord till sesam"


@pytest.fixture
def user_with_start_password(customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_user(
            username="startkonto",
            email="start@example.se",
            customers=[customer],
            initial_password=START_PASSWORD,
        )


def test_it_marks_an_account_with_a_start_password(user_with_start_password):
    assert user_with_start_password.must_change_password
    assert user_with_start_password.check_password(START_PASSWORD)
    # The start password is handed over by customer service, never mailed.
    assert mail.outbox == []


def test_it_sends_every_page_to_password_change_after_login(
    client, user_with_start_password
):
    response = log_in(client, "startkonto", START_PASSWORD)
    assert response.status_code == 302
    message = MessageFactory(recipient=user_with_start_password)

    for url in [
        reverse("start"),
        reverse("manuals"),
        reverse("message_detail", args=[message.pk]),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("password_change"), url

    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Du loggade in med ett startlösenord." in response.text


def test_it_lets_the_user_log_out_and_read_help_before_changing(
    client, user_with_start_password
):
    client.force_login(user_with_start_password)

    assert client.get(reverse("help", args=["general"])).status_code == 200
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")


def test_it_opens_the_start_page_after_the_password_is_changed(
    client, user_with_start_password
):
    log_in(client, "startkonto", START_PASSWORD)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": START_PASSWORD,
            "new_password1": OWN_PASSWORD,
            "new_password2": OWN_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("start")
    user_with_start_password.refresh_from_db()
    assert not user_with_start_password.must_change_password
    assert user_with_start_password.check_password(OWN_PASSWORD)
    # Still logged in, and free to use the site.
    response = client.get(reverse("start"))
    assert response.status_code == 200
    assert "Ditt nya lösenord är sparat." in response.text
    assert client.get(reverse("manuals")).status_code == 200


def test_it_keeps_asking_when_the_new_password_is_refused(
    client, user_with_start_password
):
    client.force_login(user_with_start_password)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": START_PASSWORD,
            "new_password1": "för kort",
            "new_password2": "för kort",
        },
    )

    assert response.status_code == 200
    user_with_start_password.refresh_from_db()
    assert user_with_start_password.must_change_password
    assert client.get(reverse("start")).url == reverse("password_change")

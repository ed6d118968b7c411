"""Sessions end after 30 minutes without requests and 10 hours after login,
and at once when the account is deactivated."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.middleware import AUTH_STARTED
from accounts.models import UserSession
from tests.factories import PASSWORD

from .helpers import choose_password, link_in, log_in

pytestmark = pytest.mark.django_db

LOGIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def logged_in(client, prescriber, time_machine):
    """A prescriber who logged in (for real) at LOGIN."""
    time_machine.move_to(LOGIN, tick=False)
    assert log_in(client, prescriber.username).status_code == 302
    return client


def start_page(client):
    return client.get(reverse("start"))


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_limits_are_30_minutes_idle_and_10_hours_in_all():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_MAX_AGE == 10 * 3600
    assert settings.SESSION_RENEW_SECONDS == 60


def test_it_logs_out_after_31_minutes_without_requests(logged_in, time_machine):
    time_machine.move_to(LOGIN + timedelta(minutes=31))

    assert_sent_to_login(start_page(logged_in))


def test_it_keeps_the_session_for_29_minutes_without_requests(logged_in, time_machine):
    time_machine.move_to(LOGIN + timedelta(minutes=29))

    assert start_page(logged_in).status_code == 200


def test_each_request_keeps_the_session_alive(logged_in, time_machine):
    for minutes in (20, 40, 60, 80):
        time_machine.move_to(LOGIN + timedelta(minutes=minutes))
        assert start_page(logged_in).status_code == 200, minutes

    time_machine.move_to(LOGIN + timedelta(minutes=80 + 31))
    assert_sent_to_login(start_page(logged_in))


def expiry(client):
    return UserSession.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_limit_is_renewed_at_most_once_a_minute(logged_in, time_machine):
    # Within the minute after the login the session is not written again.
    time_machine.move_to(LOGIN + timedelta(seconds=59))
    start_page(logged_in)
    assert expiry(logged_in) == LOGIN + timedelta(minutes=30)

    time_machine.move_to(LOGIN + timedelta(seconds=60))
    start_page(logged_in)
    assert expiry(logged_in) == LOGIN + timedelta(seconds=60, minutes=30)

    time_machine.move_to(LOGIN + timedelta(seconds=119))
    start_page(logged_in)
    assert expiry(logged_in) == LOGIN + timedelta(seconds=60, minutes=30)


def test_it_logs_out_10_hours_after_login_however_active(logged_in, time_machine):
    now = LOGIN
    while now < LOGIN + timedelta(hours=10) - timedelta(minutes=20):
        now += timedelta(minutes=20)
        time_machine.move_to(now)
        assert start_page(logged_in).status_code == 200, now

    time_machine.move_to(LOGIN + timedelta(hours=10, minutes=1))
    response = start_page(logged_in)

    assert_sent_to_login(response)
    assert not UserSession.objects.filter(user__isnull=False).exists()
    page = logged_in.get(response.url)
    assert "Du har loggats ut efter lång inloggning. Logga in igen." in page.text
    assert_sent_to_login(start_page(logged_in))


def test_the_10_hours_count_from_the_login_not_the_first_page(logged_in, time_machine):
    # The browser waits 29 minutes before it asks for the first page.
    now = LOGIN + timedelta(minutes=29)
    while now < LOGIN + timedelta(hours=10):
        time_machine.move_to(now)
        assert start_page(logged_in).status_code == 200, now
        now += timedelta(minutes=20)

    time_machine.move_to(LOGIN + timedelta(hours=10, minutes=1))
    assert_sent_to_login(start_page(logged_in))


def test_a_new_login_starts_a_new_10_hours(client, prescriber, time_machine):
    time_machine.move_to(LOGIN, tick=False)
    log_in(client, prescriber.username)
    time_machine.move_to(LOGIN + timedelta(hours=9, minutes=50))
    client.post(reverse("logout"))
    log_in(client, prescriber.username, PASSWORD)

    time_machine.move_to(LOGIN + timedelta(hours=10, minutes=10))

    assert start_page(client).status_code == 200


def test_deactivating_a_user_ends_all_their_sessions(prescriber, colleague):
    office, home = Client(), Client()
    office.force_login(prescriber)
    home.force_login(prescriber)
    other = Client()
    other.force_login(colleague)
    assert UserSession.objects.filter(user=prescriber).count() == 2

    assert services.deactivate_users([prescriber]) == 1

    assert not UserSession.objects.filter(user=prescriber).exists()
    assert UserSession.objects.filter(user=colleague).count() == 1
    prescriber.refresh_from_db()
    assert not prescriber.is_active
    assert_sent_to_login(start_page(office))
    assert_sent_to_login(start_page(home))
    assert start_page(other).status_code == 200


def user_change_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.astimezone().strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.astimezone().strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
        "payer_authorisations-TOTAL_FORMS": "0",
        "payer_authorisations-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_unticking_active_in_the_admin_ends_the_users_sessions(
    client, prescriber, colleague, staff
):
    browser = Client()
    browser.force_login(prescriber)
    Client().force_login(colleague)
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_change", args=[prescriber.pk]),
        user_change_form(prescriber, is_active=None),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    prescriber.refresh_from_db()
    assert not prescriber.is_active
    assert not UserSession.objects.filter(user=prescriber).exists()
    assert UserSession.objects.filter(user=colleague).exists()
    assert_sent_to_login(start_page(browser))


def test_other_changes_in_the_admin_keep_the_users_sessions(client, prescriber, staff):
    browser = Client()
    browser.force_login(prescriber)
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_change", args=[prescriber.pk]),
        user_change_form(prescriber, last_name="Nytt-Efternamn"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    prescriber.refresh_from_db()
    assert prescriber.last_name == "Nytt-Efternamn"
    assert start_page(browser).status_code == 200


def test_the_admin_deactivate_action_ends_the_users_sessions(
    client, prescriber, colleague, staff
):
    browser = Client()
    browser.force_login(prescriber)
    client.force_login(staff)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [prescriber.pk]},
    )

    prescriber.refresh_from_db()
    assert not prescriber.is_active
    assert not UserSession.objects.filter(user=prescriber).exists()
    assert_sent_to_login(start_page(browser))


def test_a_session_without_its_login_time_is_ended(client, prescriber):
    client.force_login(prescriber)
    session = client.session
    del session[AUTH_STARTED]
    session.save()

    response = client.get(reverse("start"))

    assert response.status_code == 302
    assert response.url == reverse("login")


def logged_in_browsers(user, count):
    browsers = [Client() for _ in range(count)]
    for browser in browsers:
        assert log_in(browser, user.username).status_code == 302
    return browsers


def session_rows(user):
    return set(
        UserSession.objects.filter(user=user).values_list("session_key", flat=True)
    )


def test_the_password_page_offers_logout_everywhere(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("password_change"))

    assert (
        f'<form method="post" action="{reverse("logout_everywhere")}">' in response.text
    )
    assert ">Logga ut överallt</button>" in response.text


def test_logout_everywhere_ends_all_the_users_sessions_this_one_too(
    prescriber, colleague
):
    office, home = logged_in_browsers(prescriber, 2)
    other = logged_in_browsers(colleague, 1)[0]

    response = office.post(reverse("logout_everywhere"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Du är utloggad överallt" in response.text
    assert session_rows(prescriber) == set()
    assert_sent_to_login(start_page(office))
    assert_sent_to_login(start_page(home))
    assert start_page(other).status_code == 200


def test_logout_everywhere_is_a_post(client, prescriber):
    client.force_login(prescriber)

    assert client.get(reverse("logout_everywhere")).status_code == 405
    assert start_page(client).status_code == 200


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    prescriber, colleague
):
    office, home = logged_in_browsers(prescriber, 2)
    other = logged_in_browsers(colleague, 1)[0]
    home_key = home.session.session_key

    response = office.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "sju gröna äpplen i en korg",
            "new_password2": "sju gröna äpplen i en korg",
        },
        follow=True,
    )

    assert "Du är utloggad på andra datorer" in response.text
    # Deleted from the database, not only refused by the password hash.
    assert session_rows(prescriber) == {office.session.session_key}
    assert home_key not in session_rows(prescriber)
    assert start_page(office).status_code == 200
    assert_sent_to_login(start_page(home))
    assert start_page(other).status_code == 200


def test_a_password_reset_ends_all_the_users_sessions(client, prescriber, colleague):
    office, home = logged_in_browsers(prescriber, 2)
    other = logged_in_browsers(colleague, 1)[0]
    client.post(reverse("password_reset"), {"email": prescriber.email})

    choose_password(client, link_in(mail.outbox[0]), "sju gröna äpplen i en korg")

    assert session_rows(prescriber) == set()
    assert_sent_to_login(start_page(office))
    assert_sent_to_login(start_page(home))
    assert start_page(other).status_code == 200


def test_a_password_set_by_staff_ends_the_users_sessions(client, prescriber, staff):
    browser = logged_in_browsers(prescriber, 1)[0]
    client.force_login(staff)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[prescriber.pk]),
        {
            "password1": "sju gröna äpplen i en korg",
            "password2": "sju gröna äpplen i en korg",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert session_rows(prescriber) == set()
    assert_sent_to_login(start_page(browser))
    assert start_page(client).status_code == 200


def test_a_user_who_must_change_password_may_still_log_out_everywhere(
    client, prescriber
):
    prescriber.must_change_password = True
    prescriber.save(update_fields=["must_change_password"])
    client.force_login(prescriber)

    response = client.post(reverse("logout_everywhere"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert session_rows(prescriber) == set()

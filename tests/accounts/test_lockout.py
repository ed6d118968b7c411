"""Failed logins (django-axes): username + IP is locked after five failures,
customer service can lift the lock, and every attempt is recorded."""

from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from axes.utils import reset
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .helpers import is_logged_in, log_in

pytestmark = pytest.mark.django_db

WRONG = "inte rätt lösenord alls"


def fail_five_times(client, username):
    return [log_in(client, username, WRONG) for _ in range(5)]


def assert_locked_out(response):
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.text
    assert "Inloggningen är spärrad en stund" in response.text
    assert settings.CUSTOMER_SERVICE_PHONE in response.text


def test_it_locks_the_username_after_five_wrong_passwords(client, prescriber):
    assert settings.AXES_FAILURE_LIMIT == 5
    attempts = fail_five_times(client, prescriber.username)
    assert [response.status_code for response in attempts[:4]] == [200] * 4

    response = log_in(client, prescriber.username)  # the right password

    assert_locked_out(response)
    assert not is_logged_in(client)


def test_it_locks_the_username_in_other_browsers_from_the_same_ip(client, prescriber):
    fail_five_times(client, prescriber.username)

    assert_locked_out(log_in(Client(), prescriber.username))


def test_it_does_not_lock_another_username_from_the_same_ip(
    client, prescriber, colleague
):
    """An office shares one IP address: one person's lock is not everyone's."""
    fail_five_times(client, prescriber.username)

    response = log_in(Client(), colleague.username)

    assert response.status_code == 302
    assert response.url == reverse("start")


def test_it_does_not_lock_the_username_from_another_ip(client, prescriber):
    fail_five_times(client, prescriber.username)

    response = log_in(Client(REMOTE_ADDR="10.1.2.3"), prescriber.username)

    assert response.status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, prescriber, time_machine):
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    locked_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    time_machine.move_to(locked_at, tick=False)
    fail_five_times(client, prescriber.username)

    time_machine.move_to(locked_at + timedelta(minutes=14))
    assert_locked_out(log_in(client, prescriber.username))

    # Each attempt while locked starts the cool-off again: open at 08:29.
    time_machine.move_to(locked_at + timedelta(minutes=30))
    assert log_in(client, prescriber.username).status_code == 302


def test_staff_lift_the_lock_by_deleting_the_attempt_in_the_admin(
    client, prescriber, staff
):
    fail_five_times(client, prescriber.username)
    attempt = AccessAttempt.objects.get(username=prescriber.username)
    admin = Client()
    admin.force_login(staff)

    listing = admin.get(
        reverse("admin:axes_accessattempt_changelist"), {"locked_out": "yes"}
    )
    assert list(listing.context["cl"].result_list) == [attempt]
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    response = log_in(client, prescriber.username)
    assert response.status_code == 302
    assert response.url == reverse("start")


def test_axes_reset_lifts_the_lock(client, prescriber):
    fail_five_times(client, prescriber.username)

    assert reset(username=prescriber.username) == 1

    assert log_in(client, prescriber.username).status_code == 302


def test_it_records_failed_and_successful_logins(client, prescriber):
    log_in(client, prescriber.username, WRONG)
    log_in(client, prescriber.username)

    failure = AccessFailureLog.objects.get()
    assert failure.username == prescriber.username
    assert failure.ip_address == "127.0.0.1"
    assert failure.path_info == reverse("login")
    assert not failure.locked_out
    success = LoginLog.objects.get()
    assert success.username == prescriber.username
    assert success.ip_address == "127.0.0.1"


def test_it_records_the_lockout(client, prescriber):
    fail_five_times(client, prescriber.username)
    log_in(client, prescriber.username)

    assert AccessFailureLog.objects.filter(username=prescriber.username).count() >= 5
    assert AccessFailureLog.objects.filter(locked_out=True).exists()
    assert not LoginLog.objects.exists()

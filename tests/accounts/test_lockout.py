"""Failed logins (django-axes): username + IP is locked after five failures,
customer service can lift the lock, and every attempt is recorded."""

from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from axes.utils import reset
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

from .helpers import choose_password, is_logged_in, link_in, log_in

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


# Wider limits (accounts.login_throttle): one username from any addresses,
# one address for any usernames.

SEVEN_ADDRESSES = [f"192.0.2.{n}" for n in range(1, 8)]
OFFICE = "198.51.100.7"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_the_wider_limits_are_higher_than_username_and_address_together():
    assert settings.LOGIN_FAILURE_LIMITS == {
        ("username", "ip_address"): 5,
        ("username",): 10,
        ("ip_address",): 30,
    }


def test_guessing_one_username_from_seven_addresses_is_locked_before_36_tries(
    client, prescriber, time_machine
):
    time_machine.move_to(T0, tick=False)
    tries = [
        log_in(client, prescriber.username, f"gissning nummer {n}", REMOTE_ADDR=ip)
        for n, ip in zip(range(36), SEVEN_ADDRESSES * 6, strict=False)
    ]

    assert [response.status_code for response in tries[:9]] == [200] * 9
    assert [response.status_code for response in tries[9:]] == [429] * 27
    # The right password, from any of the addresses or a new one, is refused.
    for ip in [*SEVEN_ADDRESSES, "203.0.113.50"]:
        assert_locked_out(log_in(Client(), prescriber.username, REMOTE_ADDR=ip))
    assert not is_logged_in(client)


def test_the_owner_logs_in_again_after_the_cool_off(client, prescriber, time_machine):
    time_machine.move_to(T0, tick=False)
    for n, ip in zip(range(10), SEVEN_ADDRESSES * 2, strict=False):
        log_in(client, prescriber.username, f"gissning nummer {n}", REMOTE_ADDR=ip)
    owner = Client(REMOTE_ADDR=OFFICE)

    time_machine.move_to(T0 + timedelta(minutes=14))
    assert_locked_out(log_in(owner, prescriber.username))

    # The attempt at 08:14 started the cool-off again.
    time_machine.move_to(T0 + timedelta(minutes=30))
    response = log_in(owner, prescriber.username)
    assert response.status_code == 302
    assert response.url == reverse("start")


def test_trying_43_usernames_from_one_address_is_locked_after_30(
    client, prescriber, time_machine
):
    time_machine.move_to(T0, tick=False)
    tries = [
        log_in(client, f"anvandare{n}", WRONG, REMOTE_ADDR=OFFICE) for n in range(43)
    ]

    assert [response.status_code for response in tries[:29]] == [200] * 29
    assert [response.status_code for response in tries[29:]] == [429] * 14
    # Everyone at that address waits, whatever their password ...
    assert_locked_out(log_in(Client(), prescriber.username, REMOTE_ADDR=OFFICE))
    # ... but not at another one.
    assert log_in(Client(), prescriber.username).status_code == 302

    time_machine.move_to(T0 + timedelta(minutes=16))
    response = log_in(Client(), prescriber.username, REMOTE_ADDR=OFFICE)
    assert response.status_code == 302


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typing_errors(
    client, prescriber, colleague
):
    users = UserFactory.create_batch(6)
    for user in users:
        for _ in range(4):
            log_in(client, user.username, WRONG, REMOTE_ADDR=OFFICE)

    for user in [prescriber, colleague, *users]:
        response = log_in(Client(), user.username, REMOTE_ADDR=OFFICE)
        assert response.status_code == 302, user.username


def test_a_successful_login_does_not_clear_the_addresss_failures(
    client, prescriber, colleague
):
    """Else an attacker with an account of their own could log in with it
    between guesses at others' accounts."""
    for n in range(29):
        log_in(client, f"anvandare{n}", WRONG, REMOTE_ADDR=OFFICE)
    assert log_in(Client(), colleague.username, REMOTE_ADDR=OFFICE).status_code == 302

    assert log_in(client, "anvandare29", WRONG, REMOTE_ADDR=OFFICE).status_code == 429
    assert_locked_out(log_in(Client(), prescriber.username, REMOTE_ADDR=OFFICE))


def test_a_successful_login_clears_the_usernames_own_failures(client, prescriber):
    for _ in range(4):
        log_in(client, prescriber.username, WRONG)
    assert log_in(Client(), prescriber.username).status_code == 302

    attempts = [log_in(client, prescriber.username, WRONG) for _ in range(4)]

    assert [response.status_code for response in attempts] == [200] * 4


@pytest.mark.parametrize(
    ("forwarded_for", "counted_as"),
    [
        ("192.0.2.1", "192.0.2.1"),
        # The client's own X-Forwarded-For entries are kept left of the proxy's.
        ("10.9.9.9, 192.0.2.1", "192.0.2.1"),
        ("inte en adress", "127.0.0.1"),
    ],
)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(
    client, prescriber, settings, forwarded_for, counted_as
):
    settings.PROXY_COUNT = 1

    log_in(client, prescriber.username, WRONG, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert AccessFailureLog.objects.get().ip_address == counted_as


def test_behind_a_proxy_forged_addresses_do_not_escape_the_limit(
    client, prescriber, settings
):
    settings.PROXY_COUNT = 1
    for n in range(5):
        log_in(
            client,
            prescriber.username,
            WRONG,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.1",
        )

    response = log_in(
        Client(), prescriber.username, HTTP_X_FORWARDED_FOR="10.0.0.99, 192.0.2.1"
    )

    assert_locked_out(response)
    assert (
        log_in(
            Client(), prescriber.username, HTTP_X_FORWARDED_FOR="192.0.2.2"
        ).status_code
        == 302
    )


def test_a_new_password_by_the_mailed_link_lifts_the_usernames_lock(
    client, prescriber, colleague
):
    """The lockout page points to "Glömt lösenord?": it must help."""
    fail_five_times(client, prescriber.username)
    for n in range(30):
        log_in(Client(), f"anvandare{n}", WRONG, REMOTE_ADDR=OFFICE)
    client.post(reverse("password_reset"), {"email": prescriber.email})

    choose_password(client, link_in(mail.outbox[0]), "nytt lösenord efter spärren")

    response = log_in(client, prescriber.username, "nytt lösenord efter spärren")
    assert response.status_code == 302
    assert response.url == reverse("start")
    # The address's lock is not the username's to lift.
    assert_locked_out(log_in(Client(), colleague.username, REMOTE_ADDR=OFFICE))

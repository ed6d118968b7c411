"""`manage.py deactivate_inactive_users` (run daily): accounts unused for
INACTIVE_USER_DAYS (about six months) are deactivated and logged out."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User, UserSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)
SEVEN_MONTHS = timedelta(days=213)
FIVE_MONTHS = timedelta(days=152)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def user(last_login=None, joined=None, **kwargs):
    return UserFactory(
        last_login=last_login, date_joined=joined or NOW - timedelta(days=400), **kwargs
    )


def deactivate():
    out = StringIO()
    call_command("deactivate_inactive_users", stdout=out)
    return out.getvalue()


def active(*users):
    return [User.objects.get(pk=account.pk).is_active for account in users]


def test_the_default_is_about_six_months():
    assert settings.INACTIVE_USER_DAYS == 183


def test_it_deactivates_accounts_unused_for_seven_months(now):
    idle = user(last_login=now - SEVEN_MONTHS)
    recent = user(last_login=now - FIVE_MONTHS)
    never_old = user(joined=now - SEVEN_MONTHS)
    never_new = user(joined=now - FIVE_MONTHS)
    superuser = user(last_login=now - SEVEN_MONTHS * 2, is_superuser=True)
    inactive_staff = user(last_login=now - SEVEN_MONTHS, is_staff=True)

    output = deactivate()

    assert active(idle, recent, never_old, never_new, superuser, inactive_staff) == [
        False,
        True,
        False,
        True,
        True,
        False,
    ]
    assert output == "3 account(s) deactivated after 183 days without login.\n"


def test_it_logs_out_the_accounts_it_deactivates(now):
    idle = user(last_login=now - SEVEN_MONTHS)
    browser = Client()
    browser.force_login(idle)  # a session left over in the database
    User.objects.filter(pk=idle.pk).update(last_login=now - SEVEN_MONTHS)
    assert UserSession.objects.filter(user=idle).exists()

    deactivate()

    assert not UserSession.objects.filter(user=idle).exists()


def test_it_counts_days_from_the_setting(now, settings):
    settings.INACTIVE_USER_DAYS = 30
    month_ago = user(last_login=now - timedelta(days=31))
    last_week = user(last_login=now - timedelta(days=7))

    output = deactivate()

    assert active(month_ago, last_week) == [False, True]
    assert output == "1 account(s) deactivated after 30 days without login.\n"


def test_it_keeps_seven_month_old_logins_with_a_longer_setting(now, settings):
    settings.INACTIVE_USER_DAYS = 365
    idle = user(last_login=now - SEVEN_MONTHS)

    deactivate()

    assert active(idle) == [True]


def test_it_leaves_already_deactivated_accounts_alone(now):
    gone = user(last_login=now - SEVEN_MONTHS, is_active=False)

    assert deactivate().startswith("0 account(s)")
    assert active(gone) == [False]

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import override_settings

from core.dbroles import as_owner, grant_app_role

from .factories import CustomerFactory, UserFactory

CREDENTIALS = ("USER", "PASSWORD")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def connect_default_as(credentials):
    connections[DEFAULT_DB_ALIAS].close()
    settings.DATABASES[DEFAULT_DB_ALIAS].update(
        {key: credentials[key] for key in CREDENTIALS}
    )


@pytest.fixture(scope="session")
def app_role():
    """The credentials of DATABASE_URL's role, the one the app runs as."""
    return {key: settings.DATABASES[DEFAULT_DB_ALIAS][key] for key in CREDENTIALS}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, app_role):
    """With two roles (core/dbroles.py), the owner creates and migrates
    the test database, as in production: the default alias connects as the
    owner until django_db_setup has built it."""
    if settings.MIGRATE_DATABASE:
        connect_default_as(settings.MIGRATE_DATABASE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, app_role):
    """Then every test runs as the app role with only its grants, which
    proves the app needs no more; flush (after transactional and browser
    tests) connects as the owner. The owner drops the database at the end."""
    if not settings.MIGRATE_DATABASE:
        yield
        return
    connect_default_as(app_role)
    with django_db_blocker.unblock(), as_owner():
        grant_app_role()
    yield
    connect_default_as(settings.MIGRATE_DATABASE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def prescriber(customer):
    """A prescriber authorised for `customer`."""
    return UserFactory(customers=[customer])


@pytest.fixture
def colleague(customer):
    """Another prescriber of the same customer."""
    return UserFactory(customers=[customer])


@pytest.fixture
def outsider(db):
    """A prescriber of another customer."""
    return UserFactory(customers=[CustomerFactory()])


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    """The test client logged in as customer service."""
    client.force_login(staff)
    return client


@pytest.fixture
def wednesday_morning(time_machine):
    """For tests comparing a date the code took from the clock with one they
    take themselves: an ordinary working Wednesday at 10:00, so no test
    crosses midnight or depends on the weekday it runs on. The clock ticks
    on from there, so times still order the rows."""
    time_machine.move_to(
        datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )


@pytest.fixture(scope="session", autouse=True)
def temporary_media_root(tmp_path_factory):
    """No test writes into the real MEDIA_ROOT: files kept on the way (the
    demo's invoice PDFs, a PDF the download view keeps) go to a folder of
    the test run. Tests that look at files set their own tmp_path."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """seed_demo once per module (it takes seconds), in a transaction rolled
    back at the module's end. Tests that use `db` on top of it still run in
    their own savepoint, so what one test changes the next does not see.
    Returns what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            out = StringIO()
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo_data, db):
    return demo_data

from contextlib import contextmanager
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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


def pytest_collection_modifyitems(items):
    """The migration tests take longest by far (they migrate the schema back
    and forth): first, so that pytest-xdist, which hands the modules out in
    this order, leaves no worker running them alone at the end."""
    items.sort(key=lambda item: item.path.name != "test_migrations.py")


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
def django_db_setup(django_db_setup, django_db_blocker, app_role, request):
    """Then every test runs as the app role with only its grants, which
    proves the app needs no more; flush (after transactional and browser
    tests) connects as the owner. The owner drops the database at the end,
    and the demo database (demo_database) if the session made one."""
    if settings.MIGRATE_DATABASE:
        connect_default_as(app_role)
        with django_db_blocker.unblock(), as_owner():
            grant_app_role()
    demo = None
    if any("demo_data" in item.fixturenames for item in request.session.items):
        demo = f"{settings.DATABASES[DEFAULT_DB_ALIAS]['NAME']}_demo"
        with django_db_blocker.unblock():
            copy_database(demo)
    yield demo
    if demo:
        with django_db_blocker.unblock():
            drop_database(demo)
    if settings.MIGRATE_DATABASE:
        connect_default_as(settings.MIGRATE_DATABASE)


def copy_database(name):
    """A copy of the freshly built test database, privileges included. Made
    now because PostgreSQL copies only a database nobody is connected to,
    and later the live server's thread may hold a connection."""
    drop_database(name)
    with as_owner(), connections[DEFAULT_DB_ALIAS]._nodb_cursor() as cursor:
        quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
        template = settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")


def drop_database(name):
    connections[DEFAULT_DB_ALIAS].close()
    with as_owner(), connections[DEFAULT_DB_ALIAS]._nodb_cursor() as cursor:
        quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")


@contextmanager
def database_named(name):
    """Within, the default alias connects to the database `name`. The
    content types are cached by alias, not by database, and their ids differ
    between the two once a flush (after a transactional test) has made them
    anew, so the cache is emptied on the way in and out."""
    connections[DEFAULT_DB_ALIAS].close()
    ContentType.objects.clear_cache()
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    test_name, database["NAME"] = database["NAME"], name
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        ContentType.objects.clear_cache()
        database["NAME"] = test_name


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


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The copy of the test database that django_db_setup made, with
    seed_demo run in it once (it takes seconds): (its name, what the
    command printed)."""
    assert django_db_setup, "django_db_setup makes it when a test needs it"
    with database_named(django_db_setup), django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            out = StringIO()
            call_command("seed_demo", stdout=out)
    return django_db_setup, out.getvalue()


@pytest.fixture(scope="module")
def demo_data(demo_database, django_db_blocker):
    """The module's tests run on the seeded demo database, in a transaction
    rolled back at the module's end, so the next module finds it as
    seed_demo left it. Tests that use `db` on top of it still run in their
    own savepoint, so what one test changes the next does not see.
    Returns what the command printed."""
    name, printed = demo_database
    with database_named(name), django_db_blocker.unblock(), transaction.atomic():
        yield printed
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo_data, db):
    return demo_data

"""The access log and the audit trail are append-only by privilege, not only
by trigger (core/dbroles.py). The tests run as the app role, which owns
nothing and may only add to those tables and read them: neither the table
owner's ways round a trigger (TRUNCATE, DISABLE TRIGGER) nor the superuser's
(session_replication_role) nor pgtrigger.ignore are open to it."""

import pgtrigger
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from pghistory.models import Event
from psycopg.errors import InsufficientPrivilege

from accounts.access import AccessContext
from accounts.choices import AccessAction
from accounts.models import AccessLog, Customer
from accounts.services import log_access
from core.dbroles import as_owner
from tests.factories import CustomerFactory
from warehouse.models import StockMovement

pytestmark = pytest.mark.django_db

TAMPERING = {
    "update": "UPDATE {table} SET {pk} = {pk}",
    "delete": "DELETE FROM {table}",
    "truncate": "TRUNCATE {table}",
    "disable trigger": "ALTER TABLE {table} DISABLE TRIGGER USER",
    "replication role": "SET session_replication_role = replica",
}


@pytest.fixture(params=["access log", "audit event"])
def appended(request, rf, prescriber):
    """A row the app role has added to an append-only table."""
    if request.param == "access log":
        context = AccessContext(user=prescriber, path="/individkort/1/")
        [entry] = log_access(context, CustomerFactory(), AccessAction.VIEW)
        return entry
    customer = CustomerFactory()
    return Customer.pgh_event_model.objects.get(pgh_obj_id=customer.pk)


def assert_refused(attempt):
    with pytest.raises(ProgrammingError) as error, transaction.atomic():
        attempt()
    assert isinstance(error.value.__cause__, InsufficientPrivilege), error.value


def execute(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_the_app_role_is_not_the_owner_nor_a_superuser():
    owner = settings.MIGRATE_DATABASE
    assert owner, "Run the tests with two roles: `make test`, or MIGRATE_DATABASE_URL"
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT current_user, rolsuper, rolcreaterole, rolbypassrls,
                   rolreplication,
                   pg_has_role(current_user, %s, 'MEMBER'),
                   pg_get_userbyid(datdba) = current_user,
                   EXISTS (SELECT FROM pg_class WHERE relowner = pg_roles.oid),
                   EXISTS (SELECT FROM pg_proc WHERE proowner = pg_roles.oid),
                   has_schema_privilege(current_schema(), 'CREATE')
            FROM pg_roles, pg_database
            WHERE rolname = current_user AND datname = current_database()
            """,
            [owner["USER"]],
        )
        role, *powers = cursor.fetchone()

    assert role == connection.settings_dict["USER"]
    assert role != owner["USER"]
    assert powers == [False] * 9


def test_the_app_role_adds_to_the_append_only_tables_and_reads_them(appended):
    model = type(appended)

    assert model.objects.filter(pk=appended.pk).exists()


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
def test_the_app_role_cannot_change_an_append_only_table(appended, statement):
    meta = appended._meta
    quote = connection.ops.quote_name

    assert_refused(
        lambda: execute(
            statement.format(table=quote(meta.db_table), pk=quote(meta.pk.column))
        )
    )

    assert type(appended).objects.filter(pk=appended.pk).exists()


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_pgtrigger_ignore_does_not_open_an_append_only_table(appended, operation):
    model = type(appended)
    rows = model.objects.filter(pk=appended.pk)

    with pgtrigger.ignore(f"{model._meta.label}:append_only"):
        if operation == "update":
            assert_refused(lambda: rows.update(**{model._meta.pk.attname: appended.pk}))
        else:
            assert_refused(rows.delete)

    assert rows.exists()


def privileges(table):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT array_agg(privilege ORDER BY privilege) FILTER (
                WHERE has_table_privilege(%s, %s, privilege))
            FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE',
                              'TRUNCATE', 'REFERENCES', 'TRIGGER']) privilege
            """,
            [connection.settings_dict["USER"], table],
        )
        return cursor.fetchone()[0] or []


def test_every_audit_table_is_append_only_for_the_app_role():
    # Every audited model's events, found as the grants find them.
    events = [
        model
        for model in apps.get_models()
        if issubclass(model, Event) and model._meta.managed and not model._meta.proxy
    ]

    assert Customer.pgh_event_model in events
    for model in [AccessLog, StockMovement, *events]:
        table = model._meta.db_table
        assert privileges(table) == ["INSERT", "SELECT"], table


def test_the_app_role_has_the_dml_it_needs_and_no_truncate():
    assert privileges(Customer._meta.db_table) == [
        "DELETE",
        "INSERT",
        "SELECT",
        "UPDATE",
    ]
    assert privileges("pghistory_context") == ["INSERT", "SELECT", "UPDATE"]
    assert privileges("django_migrations") == ["SELECT"]


@pytest.mark.django_db(transaction=True)
def test_migrate_connects_as_the_owner_and_puts_the_grants_right():
    table = AccessLog._meta.db_table
    role = connection.settings_dict["USER"]
    with as_owner(), connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON {table} TO {role}")
    assert "TRUNCATE" in privileges(table)

    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)

    assert privileges(table) == ["INSERT", "SELECT"]

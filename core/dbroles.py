"""Two database roles, so that the access log and the audit trail are
append-only by privilege and not only by trigger (README, "Production").

The app connects as the role of DATABASE_URL, which owns nothing. The role of
MIGRATE_DATABASE_URL owns the schema: migrate and flush connect as it, and
migrate then grants the app role what it needs. A trigger alone is not
enough: the owner of a table may TRUNCATE it or disable its triggers, and any
role with UPDATE may skip pgtrigger's triggers with `pgtrigger.ignore`."""

from contextlib import contextmanager

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

DML = ("SELECT", "INSERT", "UPDATE", "DELETE")


@contextmanager
def as_owner(alias=DEFAULT_DB_ALIAS):
    """Within, `alias` connects as the owner role, on a connection of its
    own that is closed at the end. A new connection under the same alias,
    rather than a second alias: the tests flush this way after each
    transactional test, where only the default alias may be used."""
    owner = settings.MIGRATE_DATABASE
    if owner is None:
        yield
        return
    app = connections[alias]
    connections[alias] = type(app)(
        {**app.settings_dict, "USER": owner["USER"], "PASSWORD": owner["PASSWORD"]},
        alias,
    )
    try:
        yield
    finally:
        connections[alias].close()
        connections[alias] = app


def refused(model):
    """What the app role may not do to the model's table beyond TRUNCATE:
    what the model's unconditional Protect triggers refuse (the access log,
    the stock movements), and for the audit trail (django-pghistory) changing
    or removing events and removing their context (who, which page). The
    context stays updatable: pghistory's trigger function upserts it."""
    operations = set()
    for protected, trigger in pgtrigger.registered():
        if (
            protected is model
            and isinstance(trigger, pgtrigger.Protect)
            and not trigger.condition
        ):
            operations.update(str(trigger.operation).split(" OR "))
    if issubclass(model, pghistory.models.Event):
        operations.update(("UPDATE", "DELETE"))
    if model is pghistory.models.Context:
        operations.add("DELETE")
    return operations


def app_privileges(tables):
    """{table: privileges} for the app role: DML less what is refused; only
    SELECT on the migration history."""
    privileges = dict.fromkeys(tables, DML)
    for model in apps.get_models():
        table = model._meta.db_table
        if table in privileges:
            refuse = refused(model)
            privileges[table] = tuple(p for p in DML if p not in refuse)
    migrations = MigrationRecorder.Migration._meta.db_table
    if migrations in privileges:
        privileges[migrations] = ("SELECT",)
    return privileges


def grant_statements(connection, role):
    """The SQL that gives `role` exactly its privileges on every table and
    sequence of the schema, whatever it had before."""
    quote = connection.ops.quote_name
    grantee = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        tables = connection.introspection.table_names(cursor, include_views=True)
    by_privileges = {}
    for table, privileges in app_privileges(tables).items():
        by_privileges.setdefault(privileges, []).append(quote(table))
    return [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantee}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}",
        *(
            f"GRANT {', '.join(privileges)} ON {', '.join(sorted(names))} TO {grantee}"
            for privileges, names in by_privileges.items()
        ),
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}",
        f"GRANT USAGE ON SCHEMA {schema} TO {grantee}",
    ]


def app_role(connection):
    """The app role to grant to, or None when `connection` is the app's own
    role (one role for everything)."""
    role = settings.DATABASES[DEFAULT_DB_ALIAS]["USER"]
    return None if role == connection.settings_dict["USER"] else role


def grant_app_role(using=DEFAULT_DB_ALIAS):
    """Give the app role its privileges, in one transaction; `using` must
    connect as the owner (as_owner). Idempotent. Returns the app role's
    name, or None when there is only one role."""
    connection = connections[using]
    role = app_role(connection)
    if role is None:
        return None
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in grant_statements(connection, role):
            cursor.execute(statement)
    return role

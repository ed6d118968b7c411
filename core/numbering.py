"""Case numbers per ISO week: YYWW and a serial from a counter row (orders'
customer and work orders, and each other case kind with a counter table of
its own, so that every kind has its own series; ARCHITECTURE.md, Numbers)."""

from django.db import connection
from django.utils import timezone


def week_key(on=None):
    """YYWW of `on`'s ISO week (today's by default)."""
    year, week, _ = (on or timezone.localdate()).isocalendar()
    return f"{year % 100:02d}{week:02d}"


def next_serial(counter, key):
    """The next serial of `key` in `counter`, a model whose primary key is
    the week (or other key) and which has `last_serial`. Must run inside
    the transaction that uses the number: the counter row stays locked
    until it commits, and a rollback gives the serial back, so numbers
    have no gaps."""
    table = connection.ops.quote_name(counter._meta.db_table)
    column = connection.ops.quote_name(counter._meta.pk.column)
    # One statement creates the key's row or increments it under its lock.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column}, last_serial) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT ({column}) DO UPDATE SET last_serial = {table}.last_serial + 1 "
            "RETURNING last_serial",
            [key],
        )
        (serial,) = cursor.fetchone()
    return serial

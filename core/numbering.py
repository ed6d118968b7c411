"""Case numbers by ISO week: a counter row per week, incremented under its
lock in the transaction that uses the number, so a rollback gives the serial
back and a series has no gaps. Each kind of case keeps its own counter model
(a `week` primary key and a `last_serial`) and so its own series."""

from django.db import connection
from django.utils import timezone


def week_key(on=None):
    """YYWW of `on`'s ISO week (today when None), e.g. "2648"."""
    year, week, _ = (on or timezone.localdate()).isocalendar()
    return f"{year % 100:02d}{week:02d}"


def next_serial(counter_model, key):
    """The next serial of week `key` in `counter_model`'s series. Must run
    inside the transaction that uses it: the row stays locked until commit."""
    table = connection.ops.quote_name(counter_model._meta.db_table)
    # One statement creates the week's row or increments it under its lock.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (week, last_serial) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (week) DO UPDATE SET last_serial = {table}.last_serial + 1 "
            "RETURNING last_serial",
            [key],
        )
        (serial,) = cursor.fetchone()
    return serial

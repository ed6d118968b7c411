"""Order numbers: YYWW of the ISO week and a 4-digit serial, e.g. 26480012,
shared by customer orders and work orders (ARCHITECTURE.md, Numbers)."""

from django.db import connection
from django.utils import timezone

from .models import NumberCounter

MAX_SERIAL = 9999


class NumbersExhausted(Exception):
    """All 9,999 numbers of the week are used."""


def next_number(on=None):
    """The next free number of `on`'s ISO week. Must run inside the
    transaction that uses the number: the counter row stays locked until it
    commits, and a rollback gives the serial back, so numbers have no gaps."""
    year, week, _ = (on or timezone.localdate()).isocalendar()
    key = f"{year % 100:02d}{week:02d}"
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    # One statement creates the week's row or increments it under its lock.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (week, last_serial) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (week) DO UPDATE SET last_serial = {table}.last_serial + 1 "
            "RETURNING last_serial",
            [key],
        )
        (serial,) = cursor.fetchone()
    if serial > MAX_SERIAL:
        raise NumbersExhausted(key)
    return f"{key}{serial:04d}"

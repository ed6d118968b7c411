"""Case numbers per ISO week: YYWW and a serial from a counter row (orders'
customer and work orders, and each other case kind with a counter table of
its own, so that every kind has its own series; ARCHITECTURE.md, Numbers)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_SERIAL = 9999


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


def case_number(counter, prefix, on=None):
    """`prefix`, YYWW of `on`'s ISO week and a 4-digit serial of `counter`'s
    series, e.g. B26490001 (inside the transaction that uses it). After
    9,999 in a week the prescriber is told to phone (code
    "numbers_exhausted") rather than given a longer number."""
    key = week_key(on)
    serial = next_serial(counter, key)
    if serial > MAX_SERIAL:
        raise ValidationError(
            _("Veckans ärendenummer är slut. Ring kundtjänst, telefon %(phone)s.")
            % {"phone": settings.CUSTOMER_SERVICE_PHONE},
            code="numbers_exhausted",
        )
    return f"{prefix}{key}{serial:04d}"

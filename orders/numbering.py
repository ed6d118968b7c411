"""Order numbers: YYWW of the ISO week and a 4-digit serial, e.g. 26480012,
shared by customer orders and work orders (ARCHITECTURE.md, Numbers).
Other kinds of case have their own series: a letter before YYWW, counted
apart (e.g. deviations, A26480001)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NumberCounter

MAX_SERIAL = 9999


class NumbersExhausted(ValidationError):
    """All 9,999 numbers of the week are used: the prescriber is told to
    phone the order in, rather than meeting a server error."""

    def __init__(self, week):
        super().__init__(
            _(
                "Veckans ordernummer är slut, så ordern kan inte registreras i "
                "webSesam. Ring kundtjänst, telefon %(phone)s."
            )
            % {"phone": settings.CUSTOMER_SERVICE_PHONE},
            code="numbers_exhausted",
        )
        self.week = week


def next_number(on=None, series=""):
    """The next free number of `on`'s ISO week in `series` (customer and
    work orders: none; another kind of case: its letter). Must run inside
    the transaction that uses the number: the counter row stays locked until
    it commits, and a rollback gives the serial back, so numbers have no
    gaps."""
    year, week, _ = (on or timezone.localdate()).isocalendar()
    key = f"{series}{year % 100:02d}{week:02d}"
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

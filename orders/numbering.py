"""Order numbers: YYWW of the ISO week and a 4-digit serial, e.g. 26480012,
shared by customer orders and work orders (ARCHITECTURE.md, Numbers).
Other kinds of case have their own series and counters (core.numbering's
case_number: a letter before YYWW, e.g. deviations' A26480001)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbering import next_serial, week_key

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


def next_number(on=None):
    """The next free number of `on`'s ISO week, inside the transaction that
    uses it (core.numbering), so numbers have no gaps."""
    key = week_key(on)
    serial = next_serial(NumberCounter, key)
    if serial > MAX_SERIAL:
        raise NumbersExhausted(key)
    return f"{key}{serial:04d}"

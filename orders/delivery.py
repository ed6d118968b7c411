"""Delivery dates: the day an item ships from the main warehouse. Working
days exclude weekends, Swedish public holidays and the eves that are days off
in practice (midsommar-, jul- and nyårsafton), from the `holidays` package."""

import threading
from datetime import timedelta

import holidays

_DAYS_OFF = holidays.country_holidays(
    "SE", categories=(holidays.PUBLIC, holidays.DE_FACTO)
)

# The holidays object fills in a year on its first lookup and marks the year
# as filled before adding its days, so another thread could meanwhile take a
# holiday of that year for a working day.
_DAYS_OFF_LOCK = threading.Lock()


def is_working_day(day):
    if day.weekday() >= 5:
        return False
    with _DAYS_OFF_LOCK:
        return day not in _DAYS_OFF


def add_working_days(start, count):
    """The `count`th working day after `start`."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def ship_date(today, in_stock, lead_time_days):
    """In stock: the next working day. Otherwise the article's lead time in
    working days (at least one)."""
    return add_working_days(today, 1 if in_stock else max(lead_time_days, 1))

"""Deviations made the way the form makes them, for these tests and for
the site-wide ones (messages, mail)."""

import uuid
from datetime import date

from deviations.choices import DeviationCategory
from deviations.services import create_deviation


def make_deviation(user, holding=None, **fields):
    """A deviation registered the way the form registers one."""
    values = {
        "token": uuid.uuid4(),
        "user": user,
        "customer": user.customers.first(),
        "category": DeviationCategory.PRODUCT_FAULT,
        "injury": False,
        "description": "Bromsen släpper på höger sida.",
        "occurred_on": date(2026, 3, 1),
        "holding": holding,
        **fields,
    }
    return create_deviation(**values)

"""Shared by the lost-aid report tests: a patient's delivered wheelchair
and a report of it through the service."""

from datetime import date, timedelta

from aids import services


def report(holding, user, customer, **fields):
    return services.report_lost(
        user,
        holding,
        **{
            "customer": customer,
            "lost_on": date(2026, 3, 2),
            "circumstances": "Glömd på bussen.",
            "police_report_no": "",
            **fields,
        },
    )


DELIVERED = date(2026, 2, 2)
AFTER_DELIVERY = DELIVERED + timedelta(days=1)

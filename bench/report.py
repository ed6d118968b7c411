"""Benchmark of Rekvirerat per förskrivare and the start page's Översikt at
region scale (issue 14), as the first demo prescriber (anna.lind, the
largest customers of the generated order history).

The report for a month, a week and a day of the history (its rows are the
order lines of those days, at most 10,000, shown 100 a page), a later page
and another sort of the month, its Excel export for the week, and the start
page. Reports median and 95th percentile with the SQL per request. Not a
test: load data first (see bench/README.md), then in production settings

    DEBUG=0 DEMO=1 SECRET_KEY=x ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 \\
        SECURE_COOKIES=0 .venv/bin/python bench/report.py [--runs 20]
"""

import argparse
from datetime import date

from common import HEADER, logged_in_client, measure, report, summary
from django.urls import reverse

from orders.services.report import BY_RECIPIENT, Criteria, report_lines

MONTH = ("2026-10-01", "2026-10-31")
PERIODS = [
    ("a month", *MONTH, {}),
    ("a month, page 20", *MONTH, {"sida": "20"}),
    ("a month by recipient", *MONTH, {"sort": BY_RECIPIENT}),
    ("a week", "2026-10-05", "2026-10-11", {}),
    ("a day", "2026-10-07", "2026-10-07", {}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    client, user = logged_in_client()
    url = reverse("order_report")
    print(f"{'page':<40} {HEADER}")
    times = []
    for label, start, end, extra in PERIODS:
        form = {"date_from": start, "date_to": end, "status": "all", "sort": "date"}
        form.update(extra)
        criteria = Criteria(date.fromisoformat(start), date.fromisoformat(end))
        rows = len(report_lines(user, criteria).hits)
        times += report(
            f"Rekvirerat, {label}",
            measure(lambda form=form: client.post(url, form), args.runs),
            rows,
        )
    summary("Rekvirerat, all of the above", times, 150)
    week = {
        "date_from": "2026-10-05",
        "date_to": "2026-10-11",
        "status": "all",
        "sort": "date",
        "download": "xlsx",
    }
    report("Rekvirerat, a week as Excel", measure(lambda: client.post(url, week), 5))
    start = report(
        "Startsida", measure(lambda: client.get(reverse("start")), args.runs)
    )
    summary("Startsida", start, 50)


if __name__ == "__main__":
    main()

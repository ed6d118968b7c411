"""Benchmark of Hjälpmedel and CFR against the real (development) database.

Opens the aids page of the benchmark patient (exactly 200 holdings, made by
generate_data) and runs CFR name searches, through Django's test client as a
logged-in prescriber, and reports the server time: median and 95th
percentile, with the number of SQL queries and their time. Not a test: load
data first (see bench/README.md), then

    DEBUG=1 .venv/bin/python bench/aids.py [--runs 20] [--target-ms 50]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "websesam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from aids.models import Person  # noqa: E402
from websesam.demo.scale_aids import benchmark_patient  # noqa: E402

WARM_UP = 2
# Fewer persons than this and the figures say little about a region.
REGION_SCALE = 100_000

# CFR searches a prescriber makes: name parts in any order, without accents,
# with a city or the start of a personnummer.
CFR_SEARCHES = [
    ("name: andersson", {"name": "andersson"}),
    ("name: anna andersson", {"name": "anna andersson"}),
    ("name: andersson anna (other order)", {"name": "andersson anna"}),
    ("name: ostlund (no accents)", {"name": "ostlund"}),
    ("name: lindq", {"name": "lindq"}),
    ("name: erik + city Umeå", {"name": "erik", "city": "Umeå"}),
    ("name: karin + postal code 931", {"name": "karin", "postal_code": "931"}),
    ("name: sven + born 1945", {"name": "sven", "personnummer": "1945"}),
    ("name: no hit", {"name": "xyzzy qwerty"}),
]


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def measure(request, runs):
    """[(seconds, SQL queries, SQL seconds)] of `runs` calls of `request`."""
    samples = []
    for run in range(WARM_UP + runs):
        timings = []

        def timed_sql(execute, *args, timings=timings):
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                timings.append(time.perf_counter() - started)

        with connection.execute_wrapper(timed_sql):
            started = time.perf_counter()
            response = request()
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"answered {response.status_code}")
        if run >= WARM_UP:
            samples.append((elapsed, len(timings), sum(timings)))
    return samples


def report(label, samples, extra=""):
    times = [seconds * 1000 for seconds, _, _ in samples]
    print(
        f"{label:<40} {extra:>6} {statistics.median(times):>6.1f}ms "
        f"{percentile(times, 0.95):>6.1f}ms {samples[-1][1]:>4} "
        f"{statistics.median(s * 1000 for _, _, s in samples):>5.1f}ms"
    )
    return times


def prescriber():
    user = (
        User.objects.filter(is_active=True, is_staff=False, customers__isnull=False)
        .order_by("username")
        .first()
    )
    if user is None:
        raise SystemExit("No prescriber in the database: run manage.py seed_demo.")
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page")
    parser.add_argument("--target-ms", type=float, default=50, help="p95 target")
    args = parser.parse_args()

    persons = Person.objects.count()
    patient = benchmark_patient()
    if patient is None:
        raise SystemExit(
            "No benchmark patient: run manage.py generate_data --persons 300000 "
            "--patients 25000 --holdings 100000 --individuals 65000 first."
        )
    if persons < REGION_SCALE:
        print(f"Only {persons} persons: the figures say little about a region.\n")
    client = Client(HTTP_HOST="localhost")
    user = prescriber()
    client.force_login(user)
    print(
        f"{persons} persons; {args.runs} runs per page after {WARM_UP} warm-up; "
        f"as {user.username}\n"
    )
    print(f"{'page':<40} {'rows':>6} {'median':>8} {'p95':>8} {'SQL':>4} {'SQL ms':>7}")

    url = reverse("recipient_aids", args=[patient.pk])
    rows = patient.holdings.filter(returned_on__isnull=True).count()
    aids_p95 = percentile(
        report(
            "Hjälpmedel: benchmark patient",
            measure(lambda: client.get(url), args.runs),
            rows,
        ),
        0.95,
    )

    cfr = reverse("cfr")
    everything = []
    for label, params in CFR_SEARCHES:
        samples = measure(lambda params=params: client.post(cfr, params), args.runs)
        everything += report(f"CFR {label}", samples)
    cfr_p95 = percentile(everything, 0.95)
    print(
        f"\n{'CFR, all searches':<47} {statistics.median(everything):>6.1f}ms {cfr_p95:>6.1f}ms"
    )
    for what, p95 in (("Hjälpmedel", aids_p95), ("CFR", cfr_p95)):
        met = "met" if p95 < args.target_ms else "NOT met"
        print(f"{what}: p95 {p95:.1f} ms, target < {args.target_ms:.0f} ms {met}.")


if __name__ == "__main__":
    main()

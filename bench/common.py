"""What the benchmarks share: Django set up on the development database, a
logged-in prescriber, timing of requests with their SQL, and the report."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "websesam.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Article  # noqa: E402
from warehouse.models import MAIN_WAREHOUSE  # noqa: E402

WARM_UP = 2
HEADER = f"{'rows':>6} {'median':>8} {'p95':>8} {'SQL':>4} {'SQL ms':>7}"


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def logged_in_client():
    """A test client logged in as the first prescriber, and that user."""
    user = (
        User.objects.filter(is_active=True, is_staff=False, customers__isnull=False)
        .order_by("username")
        .first()
    )
    if user is None:
        raise SystemExit("No prescriber in the database: run manage.py seed_demo.")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client, user


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


def report(label, samples, rows=""):
    """Print one line (label, rows, median, p95, SQL) and return the times in ms."""
    times = [seconds * 1000 for seconds, _, _ in samples]
    print(
        f"{label:<40} {rows:>6} {statistics.median(times):>6.1f}ms "
        f"{percentile(times, 0.95):>6.1f}ms {samples[-1][1]:>4} "
        f"{statistics.median(s * 1000 for _, _, s in samples):>5.1f}ms"
    )
    return times


def summary(label, times, target_ms):
    """Print the overall median and p95 against the target; return the p95."""
    p95 = percentile(times, 0.95)
    met = "met" if p95 < target_ms else "NOT met"
    print(
        f"{label:<47} {statistics.median(times):>6.1f}ms {p95:>6.1f}ms"
        f"   target p95 < {target_ms:.0f} ms: {met}"
    )
    return p95


def stocked_articles(count):
    """In-assortment articles with stock at 500 and nothing they replace, so
    the lines need no choice of alternative."""
    articles = list(
        Article.objects.orderable()
        .filter(
            balances__warehouse__code=MAIN_WAREHOUSE,
            balances__on_hand__gt=40,
            older_links__isnull=True,
            individually_marked=False,
        )
        .order_by("article_no")[:count]
    )
    if len(articles) < count:
        raise SystemExit("Too few articles with stock: see bench/README.md.")
    return articles

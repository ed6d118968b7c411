"""Benchmark of Sök artikel against the real (development) database.

Runs typical article searches through Django's test client, logged in as a
prescriber, and reports the server time per query: median and 95th
percentile, with the number of SQL queries and their time. Not a test: load
data first (see bench/README.md), then

    DEBUG=1 .venv/bin/python bench/search.py [--runs 20] [--target-ms 50]
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
from catalog.choices import ArticleType  # noqa: E402
from catalog.forms import ArticleSearchForm  # noqa: E402
from catalog.models import Article, Supplier  # noqa: E402

WARM_UP = 2
# Fewer articles than this and the figures say little about a region.
REGION_SCALE = 10_000


def queries():
    """(label, GET parameters) of 20 searches a prescriber makes. Supplier
    ids and a whole supplier article number are looked up in the data."""
    suppliers = dict(Supplier.objects.values_list("name", "pk"))
    whole_number = (
        Article.objects.filter(product_name="Cross")
        .values_list("supplier_article_no", flat=True)
        .first()
        or "80"
    )
    etac = suppliers.get("Etac", "")
    invacare = suppliers.get("Invacare", "")
    return [
        ("name: rollator", {"name": "rollator"}),
        ("name: rullstol manuell", {"name": "rullstol manuell"}),
        ("name: manuell rullstol (other order)", {"name": "manuell rullstol"}),
        ("name: säng 90", {"name": "säng 90"}),
        ("name: dyna", {"name": "dyna"}),
        ("name: dyna 44x44", {"name": "dyna 44x44"}),
        ("name: elrullstol", {"name": "elrullstol"}),
        ("name: korg rollator", {"name": "korg rollator"}),
        ("name: lyftsele", {"name": "lyftsele"}),
        ("name: toalettforhojning (no accents)", {"name": "toalettforhojning"}),
        ("name: no hit", {"name": "xyzzy"}),
        ("supplier no: part 80", {"supplier_article_no": "80"}),
        ("supplier no: part hc5", {"supplier_article_no": "hc5"}),
        ("supplier no: whole", {"supplier_article_no": whole_number}),
        ("product: Cross (+ fitting)", {"product_name": "Cross"}),
        ("product: minicrosser", {"product_name": "minicrosser"}),
        ("supplier: Invacare", {"supplier": invacare}),
        ("supplier Etac + name rullstol", {"supplier": etac, "name": "rullstol"}),
        (
            "type accessory + name sele",
            {"article_type": ArticleType.ACCESSORY, "name": "sele"},
        ),
        (
            "outside assortment: name dusch",
            {"name": "dusch", "outside_assortment": "on"},
        ),
    ]


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def hits(params):
    form = ArticleSearchForm(params)
    return form.search().count() if form.is_valid() else "invalid"


def measure(client, url, params, runs):
    """[(seconds, SQL queries, SQL seconds)] of `runs` requests."""
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
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")
        if run >= WARM_UP:
            samples.append((elapsed, len(timings), sum(timings)))
    return samples


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
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument("--target-ms", type=float, default=50, help="p95 target")
    args = parser.parse_args()

    articles = Article.objects.count()
    if articles < REGION_SCALE:
        print(
            f"Only {articles} articles: run manage.py generate_data "
            "--articles 15000 --outside 50000 first for region-scale figures.\n"
        )
    client = Client(HTTP_HOST="localhost")
    user = prescriber()
    client.force_login(user)
    url = reverse("article_search")
    print(
        f"{articles} articles; {args.runs} runs per query after {WARM_UP} "
        f"warm-up; as {user.username}\n"
    )
    print(
        f"{'query':<40} {'hits':>6} {'median':>8} {'p95':>8} {'SQL':>4} {'SQL ms':>7}"
    )
    everything = []
    for label, params in queries():
        samples = measure(client, url, params, args.runs)
        times = [seconds * 1000 for seconds, _, _ in samples]
        everything += times
        print(
            f"{label:<40} {hits(params):>6} {statistics.median(times):>6.1f}ms "
            f"{percentile(times, 0.95):>6.1f}ms {samples[-1][1]:>4} "
            f"{statistics.median(s * 1000 for _, _, s in samples):>5.1f}ms"
        )
    overall_p95 = percentile(everything, 0.95)
    print(
        f"\n{'all queries':<47} {statistics.median(everything):>6.1f}ms "
        f"{overall_p95:>6.1f}ms"
    )
    met = "met" if overall_p95 < args.target_ms else "NOT met"
    print(f"Target p95 < {args.target_ms:.0f} ms: {met}.")


if __name__ == "__main__":
    main()

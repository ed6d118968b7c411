"""Benchmark of Sök artikel against the real (development) database.

Runs typical article searches through Django's test client, logged in as a
prescriber, and reports the server time per query: median and 95th
percentile, with the number of SQL queries and their time. Not a test: load
data first (see bench/README.md), then

    DEBUG=1 .venv/bin/python bench/search.py [--runs 20] [--target-ms 50]
"""

import argparse

from common import HEADER, WARM_UP, logged_in_client, measure, report, summary
from django.urls import reverse

from catalog.choices import ArticleType
from catalog.forms import ArticleSearchForm
from catalog.models import Article, Supplier

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


def hits(params):
    form = ArticleSearchForm(params)
    return form.search().count() if form.is_valid() else "invalid"


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
    client, user = logged_in_client()
    url = reverse("article_search")
    print(
        f"{articles} articles; {args.runs} runs per query after {WARM_UP} "
        f"warm-up; as {user.username}\n"
    )
    print(f"{'query':<40} {HEADER}")
    everything = []
    for label, params in queries():
        samples = measure(lambda params=params: client.get(url, params), args.runs)
        everything += report(label, samples, hits(params))
    print()
    summary("all queries", everything, args.target_ms)


if __name__ == "__main__":
    main()

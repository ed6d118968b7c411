"""Benchmark of the local stores' basket pages at region scale (F-11).

Adds, on a copy of the region-scale database (it changes stock and adds
orders: never run it on data you keep), 50 prescribers of the NUS and
Lycksele customers with 40 open baskets of 3 lines each (2,000 baskets),
and for the first demo prescriber with a local store (per.oberg) 5 small
baskets and one of 30 lines. Then, as that prescriber: Öppna
varukorgsbeställningar (his 6 baskets), the search for a colleague's by
name (100 hits, the cap) and by number prefix, the 30-line basket's page,
and Visa mottagare on it for the benchmark patient. Reports median and 95th
percentile with the SQL per request.

    createdb -h .data/run -U postgres -O websesam_owner -T websesam_bench websesam_load
    DEBUG=1 DATABASE_URL=…/websesam_load MIGRATE_DATABASE_URL=…/websesam_load \\
        .venv/bin/python bench/stores.py [--runs 30]
"""

import argparse

from common import HEADER, logged_in_client, measure, report, summary
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from aids.recipients import Recipient
from catalog.models import Article
from demo.scale_aids import benchmark_patient
from orders import services
from orders.choices import OrderKind
from warehouse.models import StockBalance
from warehouse.services import Count, count_stock_many

COLLEAGUES = 50
BASKETS_EACH = 40
BIG_BASKET = 30
TARGET_MS = 50


def store_articles(store, count):
    """Articles the store keeps that need no unit number or choice."""
    articles = list(
        Article.objects.orderable()
        .filter(
            balances__warehouse=store,
            older_links__isnull=True,
            individually_marked=False,
        )
        .order_by("article_no")[:count]
    )
    # Plenty on the shelf for all the baskets below.
    count_stock_many(
        [
            Count(store, article, 100_000, b.safety_stock)
            for article in articles
            for b in StockBalance.objects.filter(warehouse=store, article=article)
        ],
        "Benchmark",
    )
    return articles


def basket(user, store, articles):
    order = services.start_order(user, Recipient(), kind=OrderKind.BASKET, store=store)
    for article in articles:
        services.add_line(order, article)
    return services.execute_order(order, user)


def colleagues(store):
    """COLLEAGUES prescribers of the store's customers, each with open baskets."""
    customers = list(store.customers.all())
    users = []
    for n in range(COLLEAGUES):
        user, _ = User.objects.get_or_create(
            username=f"bench.korg{n:02d}",
            defaults={"first_name": "Bänk", "last_name": f"Korgsson{n:02d}"},
        )
        user.customers.add(customers[n % len(customers)])
        users.append(user)
    return users


def seed(user):
    store = services.local_stores_of(user).order_by("code").first()
    articles = store_articles(store, BIG_BASKET)
    with transaction.atomic():
        for colleague in colleagues(store):
            for n in range(BASKETS_EACH):
                basket(colleague, store, articles[n % 10 : n % 10 + 3])
        for n in range(5):
            basket(user, store, articles[n : n + 2])
        return basket(user, store, articles)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client, _ = logged_in_client()
    user = User.objects.get(username="per.oberg")
    client.force_login(user)
    patient = benchmark_patient()
    if patient is None:
        raise SystemExit("No benchmark patient: see bench/README.md.")
    big = seed(user)
    # Visa mottagare asks for a care relationship first: confirm it once.
    client.post(
        reverse("care_relationship", args=[patient.pk]),
        {"confirmed": "on", "reason": "uppfoljning"},
    )
    index = reverse("basket_index")
    page = reverse("basket_settle", args=[big.pk])
    show = {"personnummer": patient.personnummer, "visa": "1"}
    pages = [
        ("Öppna varukorgsbeställningar, 6", lambda: client.get(index)),
        ("Sök: förskrivare (100 hits)", lambda: client.get(index, {"q": "korgsson"})),
        ("Sök: ordernummer prefix", lambda: client.get(index, {"q": big.number[:6]})),
        (f"Varukorg, {BIG_BASKET} lines", lambda: client.get(page)),
        (f"Visa mottagare, {BIG_BASKET} lines", lambda: client.post(page, show)),
    ]
    print(f"{'page':<40} {HEADER}")
    times = []
    for label, request in pages:
        times += report(label, measure(request, args.runs))
    summary("All basket pages", times, TARGET_MS)


if __name__ == "__main__":
    main()

"""Benchmark of the order flow against the real (development) database.

As a logged-in prescriber, for the benchmark patient: each step page of a
draft with 10 lines (recipient, customer, lines, lines with a choice of
alternative, delivery),
then Verkställ of fresh 10-line drafts (the whole POST: save, number,
delivery dates, reservations, holdings), then the confirmation and order
pages. Reports median and 95th percentile with the SQL per request. The
executed orders are cancelled and the drafts deleted afterwards, so the
stock is as before. Not a test: load data first (see bench/README.md), then

    DEBUG=1 .venv/bin/python bench/orders.py [--runs 20]
"""

import argparse
import time

from common import (
    HEADER,
    WARM_UP,
    logged_in_client,
    measure,
    report,
    stocked_articles,
    summary,
)
from django.db import connection
from django.urls import reverse

from aids.recipients import Recipient
from catalog.models import Article, Replacement
from demo.scale_aids import benchmark_patient
from orders import services
from orders.models import Order

LINES = 10


def draft_with_lines(user, patient, articles):
    order = services.start_order(user, Recipient(person=patient))
    services.choose_customer(order, user.customers.order_by("kundid").first())
    for article in articles:
        services.add_line(order, article)
    return order


def timed_executes(client, user, patient, articles, runs):
    """Verkställ of `runs` fresh drafts (after WARM_UP), through the page."""
    samples, executed = [], []
    form = {"address_choice": "customer", "joint_delivery": "on", "execute": "1"}
    for run in range(WARM_UP + runs):
        order = draft_with_lines(user, patient, articles)
        url = reverse("order_delivery", args=[order.pk])
        queries = []

        def counted(execute, *args, queries=queries):
            queries.append(1)
            return execute(*args)

        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            response = client.post(url, form)
            elapsed = time.perf_counter() - started
        if response.status_code != 302 or "bekraftelse" not in response.url:
            raise SystemExit(f"Verkställ answered {response.status_code}")
        executed.append(order)
        if run >= WARM_UP:
            samples.append((elapsed, len(queries), 0))
    return samples, executed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page")
    args = parser.parse_args()

    patient = benchmark_patient()
    if patient is None:
        raise SystemExit("No benchmark patient: see bench/README.md.")
    client, user = logged_in_client()
    articles = stocked_articles(LINES)
    print(
        f"{Order.objects.count()} orders, {Article.objects.count()} articles; "
        f"{args.runs} runs per page after {WARM_UP} warm-up; as {user.username}\n"
    )
    print(f"{'page':<40} {HEADER}")
    order = draft_with_lines(user, patient, articles)
    pages = [
        ("Ny beställning: mottagare", reverse("order_new_for", args=[patient.pk])),
        ("Kund/leveransadress", reverse("order_customer", args=[order.pk])),
        ("Orderrader (10 rader)", reverse("order_lines", args=[order.pk])),
        ("Leverans (10 rader)", reverse("order_delivery", args=[order.pk])),
        ("Kundorder: påbörjade och sökning", reverse("order_index")),
    ]
    replacement = Replacement.objects.filter(new__in_assortment=True).first()
    drafts = [order]
    if replacement:
        # Orderrader with a line's choice of alternative under it (F-06),
        # waiting whether or not the older article has stock here.
        waiting = draft_with_lines(user, patient, articles)
        services.add_line(waiting, replacement.new)
        waiting.lines.filter(article=replacement.new).update(alternatives_pending=True)
        drafts.append(waiting)
        pages.append(
            (
                "Orderrader (11 rader, ett alternativ)",
                reverse("order_lines", args=[waiting.pk]),
            )
        )
    steps = []
    for label, url in pages:
        steps += report(label, measure(lambda url=url: client.get(url), args.runs))

    samples, executed = timed_executes(client, user, patient, articles, args.runs)
    execute = report("Verkställ (10 rader, hela POST)", samples, LINES)
    placed = executed[-1]
    after = []
    for label, name in [
        ("Orderbekräftelse", "order_confirmation"),
        ("Kundorder (orderns sida)", "order_detail"),
    ]:
        url = reverse(name, args=[placed.pk])
        after += report(label, measure(lambda url=url: client.get(url), args.runs))
    pdf_url = reverse("order_pdf", args=[placed.pk])
    pdf = report("Orderbekräftelse som PDF", measure(lambda: client.get(pdf_url), 5))

    for done in executed:
        services.cancel_order(done, user)
    for draft in drafts:
        services.delete_draft(draft)
    print()
    summary("Step pages", steps, 50)
    summary("Order pages after Verkställ", after, 50)
    summary("Verkställ", execute, 100)
    summary("PDF (no target)", pdf, 1000)


if __name__ == "__main__":
    main()

"""Benchmark of the monthly invoicing run at region scale (issue 16).

On a copy of the region-scale database (it adds prices, payer periods and
invoices: never run it on data you keep): every article held by the
generated aids is rented out from 1 January 2026 (a rent from its number),
a quarter of them change price on 16 November, and one aid in 20 changes
payer on 11 November. Then `invoice_month` for November 2026 three times:
a dry run, the run that writes the invoices, and the repeated run that
must find nothing to add. Then changes registered in December dated back
into November (one aid in 100 returned on 20 November, one in 200 reported
lost from 5 November, by queryset updates, which the audit trail records
too) and December's monthly job: the corrections the run finds for
November by itself (a dry run, the run, and again: nothing), and
December's invoices. Reports each run's seconds and SQL statements.

    DEBUG=1 DATABASE_URL=…/websesam_load MIGRATE_DATABASE_URL=…/websesam_load \\
        .venv/bin/python bench/invoicing.py
"""

import time
from datetime import date
from decimal import Decimal

import common  # noqa: F401  (sets Django up)
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Payer
from aids.models import Holding, HoldingPayer
from catalog.models import ArticlePrice
from invoicing.changes import correct_earlier_months
from invoicing.services import invoice_month

NOVEMBER = date(2026, 11, 1)
DECEMBER = date(2026, 12, 1)
TARGET_S = 60


@transaction.atomic
def seed():
    articles = set(
        Holding.objects.filter(delivered_on__isnull=False).values_list(
            "article_id", flat=True
        )
    )
    priced = set(ArticlePrice.objects.values_list("article_id", flat=True))
    rows = []
    for article_id in sorted(articles - priced):
        rent = Decimal(100 + article_id % 900)
        rows.append(
            ArticlePrice(
                article_id=article_id, valid_from=date(2026, 1, 1), monthly_rent=rent
            )
        )
        if article_id % 4 == 0:
            rows.append(
                ArticlePrice(
                    article_id=article_id,
                    valid_from=date(2026, 11, 16),
                    monthly_rent=rent + 50,
                )
            )
    ArticlePrice.objects.bulk_create(rows, batch_size=5000)
    payers = list(Payer.objects.values_list("id", flat=True)[:5])
    changing = Holding.objects.filter(
        payer__isnull=False,
        delivered_on__lt=date(2026, 11, 11),
        payer_periods__isnull=True,
    ).values_list("id", "payer_id", "delivered_on")
    periods = []
    for holding_id, payer_id, delivered_on in changing:
        if holding_id % 20:
            continue
        other = next(p for p in payers if p != payer_id)
        periods += [
            HoldingPayer(
                holding_id=holding_id,
                payer_id=payer_id,
                valid_from=delivered_on,
                valid_to=date(2026, 11, 11),
            ),
            HoldingPayer(
                holding_id=holding_id, payer_id=other, valid_from=date(2026, 11, 11)
            ),
        ]
        Holding.objects.filter(pk=holding_id).update(payer_id=other)
    HoldingPayer.objects.bulk_create(periods, batch_size=5000)
    return len(rows), len(periods) // 2


@transaction.atomic
def back_date():
    open_aids = Holding.objects.filter(
        delivered_on__lt=date(2026, 11, 5),
        returned_on__isnull=True,
        lost_on__isnull=True,
        patient_pays=False,
    )
    ids = list(open_aids.values_list("id", flat=True))
    returned = [pk for pk in ids if pk % 100 == 1]
    lost = [pk for pk in ids if pk % 200 == 3]
    Holding.objects.filter(id__in=returned).update(returned_on=date(2026, 11, 20))
    Holding.objects.filter(id__in=lost).update(lost_on=date(2026, 11, 5))
    return len(returned), len(lost)


def timed(label, month=NOVEMBER, **options):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        if label.startswith("corrections"):
            results = correct_earlier_months(month, **options)
        else:
            results = [invoice_month(month, **options)]
    seconds = time.perf_counter() - started
    for result in results or [None]:
        found = "no month to correct"
        if result is not None:
            found = (
                f"{result.month:%Y-%m}: {result.invoices} invoices, "
                f"{result.corrections} corrections, {result.lines} lines, "
                f"{result.total_excl_vat} kr, {result.unchanged} unchanged, "
                f"{result.without_payer} without payer"
            )
        print(f"{label:<20} {seconds:6.1f} s {len(queries):6} SQL  {found}")
    return seconds


def main():
    prices, changes = seed()
    held = Holding.objects.filter(delivered_on__lt=date(2026, 12, 1)).count()
    print(f"{held} delivered aids, {prices} prices added, {changes} payer changes")
    timed("dry run", dry_run=True)
    seconds = timed("run")
    timed("second run")
    print(f"target ≤ {TARGET_S} s: {'met' if seconds <= TARGET_S else 'NOT met'}")
    returned, lost = back_date()
    print(f"back-dated into November: {returned} returns, {lost} lost reports")
    january = date(2027, 1, 1)
    timed("corrections dry run", DECEMBER, dry_run=True, today=january)
    seconds = timed("corrections", DECEMBER, today=january)
    timed("corrections again", DECEMBER, today=january)
    seconds += timed("December run", DECEMBER, today=january)
    print(
        f"December's job (corrections + invoices) {seconds:.1f} s, target ≤ "
        f"{TARGET_S} s: {'met' if seconds <= TARGET_S else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

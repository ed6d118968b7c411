"""Benchmark of the pages after delivery at region scale (issue 15): BMB,
Avvikelse, Borttappat hjälpmedel and requests outside the assortment, as the first demo prescriber
(anna.lind) for the benchmark patient (200 aids).

Adds, on a copy of the region-scale database (never on data you keep):
a BMB changing the payer of 10 of the patient's aids, a lost-aid report of
one, 2,000 deviations of anna.lind's customers (one about an aid of the
patient) and 2,000 requests outside the assortment (one for the patient).
Then measures the aids page, the BMB form (all 200 aids to tick), the BMB
list and receipt, the lost-aid form and receipt, the deviation form, page
and list, and the request form, page and list (lists: the newest 100). Reports median and
95th percentile with the SQL per request. Target p95 under 50 ms.

    createdb -h .data/run -U postgres -O websesam_owner -T websesam_bench websesam_load
    DEBUG=1 DATABASE_URL=…/websesam_load MIGRATE_DATABASE_URL=…/websesam_load \\
        .venv/bin/python manage.py migrate
    DEBUG=0 DEMO=1 SECRET_KEY=x ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 \\
        SECURE_COOKIES=0 DATABASE_URL=…/websesam_load \\
        .venv/bin/python bench/cases.py [--runs 30]
"""

import argparse
import uuid
from datetime import timedelta

from common import HEADER, logged_in_client, measure, report, summary
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.access import AccessContext
from accounts.models import Payer
from aids.models import Holding
from aids.recipients import Recipient
from aids.services import report_lost
from catalog.models import Article
from demo.scale_aids import benchmark_patient
from deviations.choices import DeviationCategory
from deviations.models import Deviation
from deviations.services import create_deviation
from outside_assortment.models import OutsideRequest
from outside_assortment.services import submit_request
from transfers.choices import TransferKind
from transfers.services import execute_transfer

DEVIATIONS = 2_000
REQUESTS = 2_000
TARGET_MS = 50


@transaction.atomic
def cases(user, patient):
    """The BMB, the lost-aid report and the deviation measured, and the
    deviations that fill the list."""
    today = timezone.localdate()
    held = list(
        Holding.objects.filter(
            person=patient, returned_on__isnull=True, lost_on__isnull=True
        ).order_by("pk")
    )
    customer = held[0].customer
    payer = Payer.objects.order_by("pk").last()
    paid_by_others = [holding for holding in held if holding.payer_id != payer.pk]
    transfer = execute_transfer(
        AccessContext(user=user),
        uuid.uuid4(),
        Recipient(person=patient),
        kind=TransferKind.PAYER,
        holding_ids=[holding.pk for holding in paid_by_others[:10]],
        valid_from=today,
        customer=customer,
        payer=payer.betalarid,
    )
    lost = report_lost(
        user,
        held[10],
        customer=customer,
        lost_on=today - timedelta(days=1),
        circumstances="Glömd på bussen.",
    )
    customers = list(user.customers.all())
    deviation = None
    # A second run measures the same lists, not twice as long ones.
    if Deviation.objects.filter(prescriber=user).exists():
        return (
            held,
            transfer,
            lost,
            Deviation.objects.latest("created_at"),
            (OutsideRequest.objects.latest("created_at")),
        )
    for number in range(DEVIATIONS):
        holding = held[11] if number == DEVIATIONS - 1 else None
        deviation = create_deviation(
            token=uuid.uuid4(),
            user=user,
            customer=customers[number % len(customers)] if not holding else customer,
            category=DeviationCategory.PRODUCT_FAULT,
            injury=False,
            description="Bromsen tar inte.",
            occurred_on=today,
            holding=holding,
            article=None if holding else held[number % len(held)].article,
        )
    outside = Article.objects.filter(in_assortment=False).order_by("pk").first()
    for _ in range(REQUESTS):
        outside_request = submit_request(
            token=uuid.uuid4(),
            user=user,
            recipient=Recipient(person=patient),
            customer=customer,
            reason="Ingen artikel i sortimentet passar.",
            article=outside,
        )
    return held, transfer, lost, deviation, outside_request


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client, user = logged_in_client()
    patient = benchmark_patient()
    if patient is None:
        raise SystemExit("No benchmark patient: see bench/README.md.")
    held, transfer, lost, deviation, outside_request = cases(user, patient)
    key = Recipient(person=patient).key
    pages = [
        ("Hjälpmedel, 200 aids", reverse("recipient_aids", args=[patient.pk])),
        ("BMB form, 200 aids", reverse("transfer_new", args=[key])),
        ("BMB list", reverse("transfer_index")),
        ("BMB receipt, 10 aids", reverse("transfer_detail", args=[transfer.pk])),
        (
            "Anmäl borttappat",
            reverse("lost_report_new", args=[key, held[12].pk]),
        ),
        ("Borttappat, receipt", reverse("lost_report_detail", args=[lost.pk])),
        (
            "Rapportera avvikelse (aid)",
            reverse("deviation_new_for_holding", args=[key, held[13].pk]),
        ),
        ("Avvikelse", reverse("deviation_detail", args=[deviation.pk])),
        ("Avvikelser, 100 of 2,000", reverse("deviation_index")),
        ("Begär artikel", reverse("outside_request_new")),
        (
            "Begäran",
            reverse("outside_request_detail", args=[outside_request.pk]),
        ),
        ("Begäranden, 100 of 2,000", reverse("outside_request_index")),
    ]
    print(f"{'page':<40} {HEADER}")
    times = []
    for label, url in pages:
        times += report(label, measure(lambda url=url: client.get(url), args.runs))
    summary("All of the above", times, TARGET_MS)


if __name__ == "__main__":
    main()

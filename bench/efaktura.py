"""Benchmark of the E-faktura invoice page at region scale (issue 16).

On a copy of a database the monthly run has invoiced (bench/invoicing.py):
a user authorised for the payer of the largest invoice (made once, as
`efaktura.bench`), and a 5,000-line invoice of that payer for January 2026
copied from the largest one's first lines (made once). Then the invoice
page of each, unfiltered (page 1, a middle page, the last page) and
filtered by a customer, and the list of invoices; the Excel file of the
5,000-line invoice a few times, and with --pdf its PDF made once, then
downloaded as kept a few times. Reports median and 95th percentile with
the SQL per request. Not a test: in production settings

    DEBUG=0 DEMO=1 SECRET_KEY=x ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 \\
        SECURE_COOKIES=0 DATABASE_URL=…/websesam_load \\
        .venv/bin/python bench/efaktura.py [--runs 30] [--pdf]
"""

import argparse
import time
from datetime import date, timedelta
from decimal import Decimal

from common import HEADER, measure, report, summary
from django.db import transaction
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse

from accounts.models import PayerAuthorisation, User
from invoicing import pdf_files
from invoicing.lines import number_lines, write_subtotals
from invoicing.models import Invoice, InvoiceLine, vat_totals

SMALL_LINES = 5000
SMALL_NUMBER = "FBENCH001"
TARGET_MS = 100


@transaction.atomic
def seed():
    """(the largest invoice, the 5,000-line one, the bench user)."""
    largest = Invoice.objects.annotate(count=Count("lines")).order_by("-count").first()
    if largest is None:
        raise SystemExit("No invoice: run bench/invoicing.py on this copy first.")
    small = Invoice.objects.filter(number=SMALL_NUMBER).first()
    if small is None:
        lines = list(largest.lines.order_by("id")[:SMALL_LINES])
        totals = vat_totals((line.vat_rate, line.amount) for line in lines)
        net = sum((row[1] for row in totals), Decimal(0))
        vat = sum((row[2] for row in totals), Decimal(0))
        small = Invoice.objects.create(
            number=SMALL_NUMBER,
            payer=largest.payer,
            month=date(2026, 1, 1),
            invoice_date=date(2026, 2, 1),
            due_date=date(2026, 2, 1) + timedelta(days=30),
            total_excl_vat=net,
            total_vat=vat,
            total_incl_vat=net + vat,
        )
        for line in lines:
            line.pk = None
            line.invoice = small
        InvoiceLine.objects.bulk_create(lines, batch_size=2000)
        number_lines(small)
        write_subtotals(small)
    user, _ = User.objects.get_or_create(
        username="efaktura.bench", defaults={"first_name": "Bench"}
    )
    PayerAuthorisation.objects.get_or_create(user=user, payer=largest.payer)
    return largest, small, user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also time making the PDF (seconds) and downloading it kept",
    )
    args = parser.parse_args()
    largest, small, user = seed()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"{'page':<40} {HEADER}")
    times = []
    for invoice in (small, largest):
        url = reverse("invoicing:invoice_detail", args=[invoice.number])
        count = invoice.lines.count()
        pages = -(-count // 100)
        customer = (
            invoice.lines.values("customer__kundid")
            .annotate(amount=Sum("amount"))
            .order_by("-amount")
            .first()["customer__kundid"]
        )
        label = f"{count} lines"
        times += report(
            f"Faktura, {label}, page 1",
            measure(lambda url=url: client.get(url), args.runs),
            count,
        )
        for name, data in [
            ("middle page", {"sida": str(pages // 2)}),
            ("last page", {"sida": str(pages)}),
            ("one customer", {"customer": customer}),
        ]:
            times += report(
                f"Faktura, {label}, {name}",
                measure(lambda url=url, data=data: client.post(url, data), args.runs),
                count,
            )
        if invoice == small:
            summary(f"Faktura, {label}, all of the above", times, TARGET_MS)
    summary("Faktura, all pages", times, TARGET_MS)
    report(
        "E-faktura, the list",
        measure(lambda: client.get(reverse("invoicing:invoice_list")), args.runs),
    )
    url = reverse("invoicing:invoice_detail", args=[small.number])
    report(
        f"Faktura, {SMALL_LINES} lines as Excel",
        measure(lambda: client.post(url, {"download": "xlsx"}), 3),
        SMALL_LINES,
    )
    if not args.pdf:
        return
    # Making a PDF takes seconds (render_invoice_pdfs, once per invoice),
    # where a page takes milliseconds; the download serves the kept file.
    started = time.perf_counter()
    data, _lines = pdf_files.render(small)
    print(
        f"{f'Faktura, {SMALL_LINES} lines, PDF made':<40} {SMALL_LINES:>6} "
        f"{time.perf_counter() - started:>7.1f}s  ({len(data)} bytes)"
    )
    pdf_files.store(small, data)
    pdf = reverse("invoicing:invoice_pdf", args=[small.number])
    report(
        f"Faktura, {SMALL_LINES} lines, kept PDF",
        measure(lambda: client.get(pdf), 3),
        SMALL_LINES,
    )


if __name__ == "__main__":
    main()

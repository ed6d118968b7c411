"""Each issued invoice's PDF, made once and kept as a file (Invoice.pdf, in
the default storage: MEDIA_ROOT or the S3 bucket): an issued invoice never
changes, and a region-sized one takes over a minute to lay out, longer than
a request may take.
`manage.py render_invoice_pdfs` makes the missing ones after the monthly
run; the download view makes a small one itself when it is asked first."""

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction

from . import lines as invoice_lines
from .choices import InvoiceStatus
from .models import ROUNDING_RULE, Invoice

logger = logging.getLogger(__name__)

# pg_try_advisory_lock's first key while an invoice's PDF is made ("PDF ");
# the second is the invoice's id.
LOCK_KEY = 0x50444620


def header(invoice, whole):
    """The invoice's header as its page and PDF show it; `whole`: its
    Totals (invoicing.lines.invoice_totals)."""
    return {
        "invoice": invoice,
        "seller": settings.INVOICE_SELLER,
        "whole": whole,
        "rounding_rule": ROUNDING_RULE,
        "page_size": invoice_lines.PAGE_SIZE,
    }


def render(invoice):
    """(the invoice's PDF, its lines in the page's order)."""
    # WeasyPrint takes a second to import: only a PDF pays for it.
    from .pdf import invoice_pdf

    whole, _customer_ids = invoice_lines.invoice_totals(invoice)
    lines = invoice_lines.all_lines(invoice)
    return invoice_pdf(header(invoice, whole), lines), lines


def logged_lines(invoice):
    """The invoice's lines with only what the access log reads of them
    (invoicing.lines.persons_shown), for serving the kept PDF: all that the
    PDF shows took 4.7 s to load for 39,351 lines, this 1.3 s."""
    return list(
        invoice.lines.order_by()
        .select_related("person", "customer")
        .only("person__id", "customer__id")
    )


def store(invoice, data):
    """Keeps `data` as the invoice's PDF, unless one was kept meanwhile;
    returns the invoice as stored. A short transaction: the PDF is made
    before it."""
    with transaction.atomic():
        # FOR NO KEY UPDATE: a correction line referring to the invoice
        # is not held up.
        stored = Invoice.objects.select_for_update(no_key=True).get(pk=invoice.pk)
        if not stored.pdf:
            stored.pdf.save(f"{stored.number}.pdf", ContentFile(data), save=False)
            stored.save(update_fields=["pdf"])
    return stored


@contextmanager
def _making(invoice_id):
    """True while this process alone makes the invoice's PDF; False when
    another run is making it. A session lock, held outside transactions."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_KEY, invoice_id])
        [locked] = cursor.fetchone()
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [LOCK_KEY, invoice_id]
                )


@dataclass
class Rendered:
    rendered: int = 0
    lines: int = 0
    # Being made by another run at the same time.
    skipped: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)


def missing():
    """The issued invoices without a PDF, oldest first."""
    return Invoice.objects.filter(status=InvoiceStatus.ISSUED, pdf="").order_by(
        "created_at", "pk"
    )


def render_missing(limit=None):
    """Makes and keeps the PDF of each issued invoice that has none (at
    most `limit`), one at a time; a failure is reported and the rest are
    still made. Two runs at once make each PDF once."""
    started = time.monotonic()
    result = Rendered()
    pending = missing().values_list("pk", flat=True)
    for invoice_id in list(pending[:limit] if limit else pending):
        with _making(invoice_id) as alone:
            invoice = missing().select_related("payer").filter(pk=invoice_id).first()
            if not alone or invoice is None:
                result.skipped += 1
                continue
            try:
                data, lines = render(invoice)
                store(invoice, data)
            except Exception as error:
                logger.exception("PDF of invoice %s failed", invoice.number)
                result.errors.append(f"{invoice.number}: {error}")
                continue
            result.rendered += 1
            result.lines += len(lines)
    result.seconds = time.monotonic() - started
    return result

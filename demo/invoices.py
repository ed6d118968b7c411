"""The demo's invoices: the two months before this one, invoiced by the
monthly run itself, so the payer user (lena.berg) finds last month's invoice
under E-faktura as a payer would on the first working day of a month."""

from datetime import timedelta

from django.utils import timezone

from invoicing.services import invoice_month


def seed_invoices():
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month_before = (last_month - timedelta(days=1)).replace(day=1)
    # invoice_month is idempotent: a second seed adds nothing.
    for month in (month_before, last_month):
        result = invoice_month(month)
        if result.errors:
            raise RuntimeError("; ".join(result.errors))

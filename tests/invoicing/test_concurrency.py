from datetime import date
from decimal import Decimal

from invoicing.models import Invoice, InvoiceLine
from invoicing.pdf_files import render_missing
from invoicing.services import invoice_month
from tests.concurrency import concurrent, run_together
from tests.factories import ArticlePriceFactory, HoldingFactory, PayerFactory


@concurrent
def test_two_runs_at_once_invoice_each_payer_once():
    price = ArticlePriceFactory(monthly_rent=Decimal("300.00"))
    for _ in range(3):
        HoldingFactory(
            article=price.article,
            payer=PayerFactory(),
            delivered_on=date(2026, 10, 1),
        )

    def run():
        return invoice_month(date(2026, 11, 1), today=date(2026, 12, 1))

    first, second = run_together(run, run)

    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert first.invoices + second.invoices == 3
    assert first.corrections + second.corrections == 0
    assert Invoice.objects.count() == 3
    assert InvoiceLine.objects.count() == 3


@concurrent
def test_two_pdf_runs_at_once_make_each_pdf_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    price = ArticlePriceFactory(monthly_rent=Decimal("300.00"))
    for _ in range(3):
        HoldingFactory(
            article=price.article,
            payer=PayerFactory(),
            delivered_on=date(2026, 10, 1),
        )
    invoice_month(date(2026, 11, 1), today=date(2026, 12, 1))

    first, second = run_together(render_missing, render_missing)

    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert first.rendered + second.rendered == 3
    assert not first.errors + second.errors
    assert not Invoice.objects.filter(pdf="").exists()
    # One file each: no PDF was made twice and kept under another name.
    assert len(list(tmp_path.glob("fakturor/*/*.pdf"))) == 3

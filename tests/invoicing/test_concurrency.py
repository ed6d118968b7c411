from datetime import date
from decimal import Decimal

from invoicing.models import Invoice, InvoiceLine
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

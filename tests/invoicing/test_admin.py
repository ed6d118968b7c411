from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from invoicing.models import Invoice, InvoiceLine
from invoicing.services import invoice_month
from tests.factories import ArticlePriceFactory, HoldingFactory, PayerFactory


@pytest.fixture
def invoice(db):
    price = ArticlePriceFactory(monthly_rent=Decimal("300.00"))
    HoldingFactory(
        article=price.article,
        payer=PayerFactory(),
        delivered_on=date(2026, 10, 1),
    )
    invoice_month(date(2026, 11, 1), today=date(2026, 12, 1))
    return Invoice.objects.get()


@pytest.fixture
def service(client, staff):
    client.force_login(staff)
    return client


def test_an_invoice_is_read_only_and_links_to_its_lines(service, invoice):
    page = service.get(reverse("admin:invoicing_invoice_change", args=[invoice.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert invoice.number in text
    assert "Visa fakturans 1 rader" in text
    assert "0,5 öre uppåt" in text
    # Rent 300 kr a month held all November, VAT 25 %, as Swedish writes it.
    assert "25 %: 300,00 kr + 75,00 kr" in text
    assert 'name="_save"' not in text


def test_the_lines_show_and_log_the_patients(service, invoice, staff):
    line = InvoiceLine.objects.get()

    page = service.get(
        reverse("admin:invoicing_invoiceline_changelist"),
        {"invoice__id__exact": invoice.pk},
    )

    assert page.status_code == 200
    assert line.person.last_name in page.content.decode()
    assert AccessLog.objects.of_person(line.person).filter(user=staff).exists()


def test_the_lines_cannot_be_changed(service, invoice):
    line = InvoiceLine.objects.get()

    service.post(
        reverse("admin:invoicing_invoiceline_change", args=[line.pk]),
        {"amount": "1.00"},
    )

    assert InvoiceLine.objects.get().amount == Decimal("300.00")

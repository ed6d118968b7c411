"""Invoices made the way production makes them: holdings priced and held,
then the monthly run (invoicing.services.invoice_month)."""

from datetime import date
from decimal import Decimal

from invoicing.models import Invoice
from invoicing.services import invoice_month
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    HoldingFactory,
    IndividualFactory,
    UserFactory,
)
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder

NOVEMBER = date(2026, 11, 1)
RUN_DAY = date(2026, 12, 1)


def rented_article(rent="300.00", **fields):
    article = ArticleFactory(**fields)
    ArticlePriceFactory(article=article, monthly_rent=Decimal(rent))
    return article


def hold(article, payer, customer, person=None, individual=False, **fields):
    """An aid held from 1 October (all November), paid by `payer`."""
    extra = {"person": person} if person is not None else {}
    fields.setdefault("delivered_on", date(2026, 10, 1))
    if individual:
        extra["individual"] = IndividualFactory(article=article)
    return HoldingFactory(
        article=article,
        payer=payer,
        customer=customer,
        order_number="B26420001",
        **extra,
        **fields,
    )


def invoice_of(payer, month=NOVEMBER):
    invoice_month(month, today=RUN_DAY)
    return Invoice.objects.get(payer=payer, month=month, is_correction=False)


def completed_work_order(holding, completed_at, amount, **fields):
    """A repair of `holding` completed at `completed_at`, charged `amount`."""
    return WorkOrder.objects.create(
        number=f"{WorkOrder.objects.count() + 26480001}",
        kind=WorkOrderKind.REPAIR,
        status=WorkOrderStatus.COMPLETED,
        prescriber=UserFactory(),
        customer=holding.customer,
        holding=holding,
        article=holding.article,
        person=holding.person,
        address_choice="recipient",
        description="Bromsen",
        completed_at=completed_at,
        charge_amount=amount,
        charge_text="Byte av broms",
        **fields,
    )

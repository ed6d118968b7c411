"""The monthly run finds by itself the invoiced months that changes were
dated back into, and corrects them (invoicing.changes)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from aids.models import HoldingPayer
from invoicing import changes
from invoicing.changes import add_months, earlier_changes
from invoicing.choices import LineKind
from invoicing.models import CheckedMonth, Invoice
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    PayerFactory,
    UserFactory,
)
from tests.invoicing.helpers import completed_work_order
from workorders.services import correct_charge

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)
DECEMBER = date(2026, 12, 1)


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun")


@pytest.fixture
def holding(payer):
    """A wheelchair rented for 310 kr a month (10 kr a day in October),
    held since 1 October."""
    article = ArticleFactory(name="Rullstol")
    ArticlePriceFactory(article=article, monthly_rent=Decimal("310.00"))
    return HoldingFactory(
        article=article,
        payer=payer,
        customer=CustomerFactory(default_payer=payer),
        delivered_on=OCTOBER,
    )


def monthly(month, *options):
    """The monthly job for `month`, run early on the 1st after it."""
    with time_machine.travel(
        datetime.combine(add_months(month, 1), datetime.min.time()).replace(
            hour=6, tzinfo=STOCKHOLM
        ),
        tick=False,
    ):
        out = StringIO()
        call_command("invoice_month", f"{month:%Y-%m}", *options, stdout=out)
    return out.getvalue()


def correction(payer, month):
    invoice = Invoice.objects.get(payer=payer, month=month, is_correction=True)
    original = Invoice.objects.get(payer=payer, month=month, is_correction=False)
    lines = [
        (li.corrected_kind, li.original_invoice, li.period_from, li.amount)
        for li in invoice.lines.order_by("amount")
    ]
    return original, lines


def test_a_payer_change_dated_back_is_corrected_next_month(holding, payer):
    monthly(OCTOBER)
    other = PayerFactory(name="Region Västerbotten")
    # A BMB registered in November, from 21 October.
    HoldingPayer.objects.create(
        holding=holding, payer=payer, valid_from=OCTOBER, valid_to=date(2026, 10, 21)
    )
    HoldingPayer.objects.create(
        holding=holding, payer=other, valid_from=date(2026, 10, 21)
    )
    holding.payer = other
    holding.save()

    out = monthly(NOVEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [
        (LineKind.RENT, original, OCTOBER, Decimal("-310.00")),
        (LineKind.RENT, original, OCTOBER, Decimal("200.00")),
    ]
    # The new payer had nothing in October: its invoice for it is its first.
    october = Invoice.objects.get(payer=other, month=OCTOBER)
    assert not october.is_correction
    assert october.lines.get().amount == Decimal("110.00")
    assert Invoice.objects.get(month=NOVEMBER).payer == other
    assert "2026-10: 1 fakturor, 1 rättelsefakturor" in out
    assert "Rättade tidigare månader (högst 12 tillbaka): 2026-10." in out


def test_a_lost_report_dated_back_is_corrected(holding, payer):
    monthly(OCTOBER)
    monthly(NOVEMBER)
    holding.lost_on = date(2026, 10, 21)
    holding.save()

    out = monthly(DECEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [
        (LineKind.RENT, original, OCTOBER, Decimal("-310.00")),
        (LineKind.RENT, original, OCTOBER, Decimal("200.00")),
    ]
    original, lines = correction(payer, NOVEMBER)
    assert lines == [(LineKind.RENT, original, NOVEMBER, Decimal("-310.00"))]
    assert not Invoice.objects.filter(month=DECEMBER).exists()
    assert "Rättade tidigare månader (högst 12 tillbaka): 2026-10, 2026-11." in out


def test_a_late_return_is_corrected(holding, payer):
    monthly(OCTOBER)
    holding.returned_on = date(2026, 10, 11)
    holding.save()

    monthly(NOVEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [
        (LineKind.RENT, original, OCTOBER, Decimal("-310.00")),
        (LineKind.RENT, original, OCTOBER, Decimal("100.00")),
    ]
    assert not Invoice.objects.filter(month=NOVEMBER).exists()


def test_a_rejected_lost_report_charges_the_rent_again(holding, payer):
    holding.lost_on = date(2026, 10, 21)
    holding.save()
    monthly(OCTOBER)
    # Customer service rejects the report in November: rent as before.
    holding.lost_on = None
    holding.save()

    monthly(NOVEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [
        (LineKind.RENT, original, OCTOBER, Decimal("-200.00")),
        (LineKind.RENT, original, OCTOBER, Decimal("310.00")),
    ]


def test_a_delivery_registered_late_is_charged(holding, payer):
    monthly(OCTOBER)
    late = HoldingFactory(
        article=holding.article,
        payer=payer,
        customer=holding.customer,
        delivered_on=date(2026, 10, 20),
    )

    monthly(NOVEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [(LineKind.RENT, original, date(2026, 10, 20), Decimal("120.00"))]
    assert (
        Invoice.objects.get(month=OCTOBER, is_correction=True).lines.get().holding
        == late
    )


def test_a_work_order_charge_corrected_after_invoicing(holding, payer):
    order = completed_work_order(
        holding,
        datetime(2026, 10, 10, 14, tzinfo=STOCKHOLM),
        Decimal("450.00"),
    )
    monthly(OCTOBER)
    correct_charge(
        order,
        UserFactory(is_staff=True),
        charge_amount=Decimal("500.00"),
        charge_text="Byte av broms och däck",
    )

    monthly(NOVEMBER)

    original, lines = correction(payer, OCTOBER)
    assert lines == [
        (LineKind.WORK_ORDER, original, date(2026, 10, 10), Decimal("-450.00")),
        (LineKind.WORK_ORDER, original, date(2026, 10, 10), Decimal("500.00")),
    ]


# Committed transactions, so that the audit trail's times follow the steps
# (a test's one transaction stamps every event with its start), and no
# margin for transactions still open at a check.
@pytest.mark.django_db(transaction=True)
def test_nothing_changed_adds_no_corrections(holding, payer, monkeypatch):
    monkeypatch.setattr(changes, "LATE_COMMIT", timedelta(0))
    monthly(OCTOBER)
    monthly(NOVEMBER)
    invoices = list(Invoice.objects.order_by("id").values())
    # Changes dated after the invoiced months are next month's rent.
    holding.returned_on = date(2026, 12, 3)
    holding.order_number = "B26490001"
    holding.save()

    assert earlier_changes(date(2027, 1, 1)) == []
    out = monthly(DECEMBER)

    assert (
        list(Invoice.objects.filter(month__lt=DECEMBER).order_by("id").values())
        == invoices
    )
    assert "Rättade tidigare månader (högst 12 tillbaka): inga." in out
    assert "2026-12: 1 fakturor, 0 rättelsefakturor" in out
    again = monthly(DECEMBER)
    assert "2026-12: 0 fakturor, 0 rättelsefakturor" in again
    assert Invoice.objects.count() == 3


def test_changes_made_before_the_month_was_checked_are_not_read_again(holding, payer):
    holding.returned_on = date(2026, 10, 11)
    holding.save()
    monthly(OCTOBER)
    assert earlier_changes(NOVEMBER)
    # The return's audit event is older than the check by more than a
    # transaction can stay open.
    CheckedMonth.objects.update(checked_at=F("checked_at") + timedelta(hours=2))

    assert earlier_changes(NOVEMBER) == []


def test_the_look_back_is_bounded_by_the_setting(holding, payer, settings):
    settings.INVOICE_CORRECTION_MONTHS = 2
    holding.delivered_on = date(2026, 8, 1)
    holding.save()
    for month in (date(2026, 8, 1), date(2026, 9, 1), OCTOBER):
        monthly(month)
    holding.lost_on = date(2026, 8, 11)
    holding.save()

    out = monthly(NOVEMBER)

    corrected = set(
        Invoice.objects.filter(is_correction=True).values_list("month", flat=True)
    )
    assert corrected == {date(2026, 9, 1), OCTOBER}
    assert "(högst 2 tillbaka): 2026-09, 2026-10." in out


def test_a_dry_run_reports_the_corrections_and_writes_nothing(holding, payer):
    monthly(OCTOBER)
    checked = CheckedMonth.objects.get().checked_at
    holding.returned_on = date(2026, 10, 11)
    holding.save()

    out = monthly(NOVEMBER, "--dry-run")

    assert "Provkörning: 2026-10: 0 fakturor, 1 rättelsefakturor, 2 rader" in out
    assert "Provkörning: Rättade tidigare månader (högst 12 tillbaka): 2026-10." in out
    assert Invoice.objects.count() == 1
    assert CheckedMonth.objects.get().checked_at == checked

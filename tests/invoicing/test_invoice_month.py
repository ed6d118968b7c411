import calendar
import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from aids.models import HoldingPayer, payer_on
from catalog.prices import price_on
from invoicing.choices import LineKind
from invoicing.models import Invoice, InvoiceLine, InvoiceSubtotal
from invoicing.services import compute_month, invoice_month
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PayerFactory,
    PersonFactory,
)
from tests.invoicing.helpers import completed_work_order

NOVEMBER = date(2026, 11, 1)
RUN_DAY = date(2026, 12, 1)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun")


@pytest.fixture
def customer(payer):
    return CustomerFactory(default_payer=payer)


@pytest.fixture
def rented(db):
    """An article rented out for 300 kr a month."""
    article = ArticleFactory(name="Rullstol")
    ArticlePriceFactory(article=article, monthly_rent=Decimal("300.00"))
    return article


def held(article, payer, customer, **fields):
    values = {
        "article": article,
        "payer": payer,
        "customer": customer,
        "delivered_on": date(2026, 10, 15),
        "order_number": "B26420001",
        **fields,
    }
    return HoldingFactory(**values)


def run(month=NOVEMBER, **options):
    return invoice_month(month, today=RUN_DAY, **options)


def lines(**filters):
    return list(InvoiceLine.objects.filter(**filters).order_by("period_from", "id"))


def test_a_whole_month_is_the_monthly_rent(rented, payer, customer):
    holding = held(rented, payer, customer, individual=IndividualFactory())

    result = run()

    invoice = Invoice.objects.get()
    assert (invoice.payer, invoice.month, invoice.number[0]) == (payer, NOVEMBER, "F")
    assert invoice.due_date == RUN_DAY + timedelta(days=30)
    (line,) = lines()
    assert (line.kind, line.holding, line.individual) == (
        LineKind.RENT,
        holding,
        holding.individual,
    )
    assert (line.person, line.customer, line.order_number) == (
        holding.person,
        customer,
        "B26420001",
    )
    assert (line.period_from, line.period_to, line.days) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        30,
    )
    assert line.amount == Decimal("300.00")
    assert invoice.total_excl_vat == Decimal("300.00")
    assert invoice.total_vat == Decimal("75.00")
    assert invoice.total_incl_vat == Decimal("375.00")
    assert (result.invoices, result.lines) == (1, 1)


def test_due_days_come_from_the_setting(rented, payer, customer, settings):
    settings.INVOICE_DUE_DAYS = 20
    held(rented, payer, customer)

    run()

    assert Invoice.objects.get().due_date == RUN_DAY + timedelta(days=20)


def test_rent_is_pro_rata_over_the_month_edges(rented, payer, customer):
    held(rented, payer, customer, delivered_on=date(2026, 11, 11))
    held(rented, payer, customer, returned_on=date(2026, 11, 21))
    held(rented, payer, customer, delivered_on=date(2026, 11, 30))
    held(rented, payer, customer, returned_on=date(2026, 11, 1))
    held(rented, payer, customer, delivered_on=date(2026, 12, 1))

    run()

    assert [
        (li.period_from.day, li.period_to.day, li.days, li.amount) for li in lines()
    ] == [
        (1, 20, 20, Decimal("200.00")),
        (11, 30, 20, Decimal("200.00")),
        (30, 30, 1, Decimal("10.00")),
    ]


def test_a_payer_change_mid_month_splits_the_rent(rented, payer, customer):
    other = PayerFactory(name="Region Västerbotten")
    holding = held(rented, other, customer)
    HoldingPayer.objects.create(
        holding=holding,
        payer=payer,
        valid_from=date(2026, 10, 15),
        valid_to=date(2026, 11, 16),
    )
    HoldingPayer.objects.create(
        holding=holding, payer=other, valid_from=date(2026, 11, 16)
    )

    run()

    first = Invoice.objects.get(payer=payer).lines.get()
    second = Invoice.objects.get(payer=other).lines.get()
    assert (first.period_from.day, first.period_to.day, first.amount) == (
        1,
        15,
        Decimal("150.00"),
    )
    assert (second.period_from.day, second.period_to.day, second.amount) == (
        16,
        30,
        Decimal("150.00"),
    )


def test_a_lost_aid_pays_no_rent_from_the_reported_day(rented, payer, customer):
    held(rented, payer, customer, lost_on=date(2026, 11, 11))
    held(rented, payer, customer, lost_on=date(2026, 11, 1))

    run()

    (line,) = lines()
    assert (line.period_to, line.days, line.amount) == (
        date(2026, 11, 10),
        10,
        Decimal("100.00"),
    )


def test_a_price_change_mid_month_splits_the_rent(rented, payer, customer):
    ArticlePriceFactory(
        article=rented, valid_from=date(2026, 11, 21), monthly_rent=Decimal("600.00")
    )
    held(rented, payer, customer)

    run()

    assert [(li.days, li.unit_price, li.amount) for li in lines()] == [
        (20, Decimal("300.00"), Decimal("200.00")),
        (10, Decimal("600.00"), Decimal("200.00")),
    ]


def test_leap_year_february_has_29_days(payer, customer):
    article = ArticleFactory()
    ArticlePriceFactory(article=article, monthly_rent=Decimal("290.00"))
    held(article, payer, customer, delivered_on=date(2028, 2, 15))
    held(article, payer, customer, delivered_on=date(2028, 1, 1))

    invoice_month(date(2028, 2, 1), today=date(2028, 3, 1))

    assert [(li.period_to, li.days, li.amount) for li in lines()] == [
        (date(2028, 2, 29), 29, Decimal("290.00")),
        (date(2028, 2, 29), 15, Decimal("150.00")),
    ]


def test_amounts_are_rounded_to_ore_half_up(payer, customer):
    article = ArticleFactory()
    # 100.05 × 15 / 30 = 50.025: half an öre goes up.
    ArticlePriceFactory(article=article, monthly_rent=Decimal("100.05"))
    held(article, payer, customer, delivered_on=date(2026, 11, 16))

    run()

    assert lines()[0].amount == Decimal("50.03")


def test_sold_articles_are_charged_in_the_month_delivered(payer, customer):
    article = ArticleFactory(name="Duschpall")
    ArticlePriceFactory(
        article=article,
        monthly_rent=None,
        price=Decimal("1000.00"),
        vat_rate=Decimal("12.00"),
    )
    holding = held(
        article,
        payer,
        customer,
        delivered_on=date(2026, 11, 5),
        quantity=2,
        delivered_quantity=2,
    )
    held(article, payer, customer, delivered_on=date(2026, 10, 5))

    run()

    (line,) = lines()
    assert (line.kind, line.holding, line.quantity, line.unit_price, line.amount) == (
        LineKind.PURCHASE,
        holding,
        2,
        Decimal("1000.00"),
        Decimal("2000.00"),
    )
    assert (line.order_number, line.vat_rate) == ("B26420001", Decimal("12.00"))
    assert Invoice.objects.get().total_vat == Decimal("240.00")


def test_an_article_both_rented_and_sold_is_rented(rented, payer, customer):
    ArticlePriceFactory(
        article=rented,
        valid_from=date(2026, 11, 2),
        monthly_rent=Decimal("300.00"),
        price=Decimal("5000.00"),
    )
    held(rented, payer, customer, delivered_on=date(2026, 11, 2))

    run()

    assert [(li.kind, li.days, li.amount) for li in lines()] == [
        (LineKind.RENT, 29, Decimal("290.00"))
    ]


def test_work_order_charges_completed_in_the_month(rented, payer, customer):
    holding = held(rented, payer, customer, returned_on=date(2026, 10, 20))
    order = completed_work_order(
        holding, datetime(2026, 11, 10, 14, tzinfo=STOCKHOLM), Decimal("450.00")
    )
    # Completed on 1 December just after midnight, Swedish time.
    completed_work_order(
        holding, datetime(2026, 12, 1, 0, 30, tzinfo=STOCKHOLM), Decimal("99.00")
    )

    run()

    (line,) = lines()
    assert (line.kind, line.work_order, line.text, line.amount) == (
        LineKind.WORK_ORDER,
        order,
        "Byte av broms",
        Decimal("450.00"),
    )
    assert line.period_from == date(2026, 11, 10)


def test_patient_fees_are_not_invoiced(rented, payer, customer):
    held(rented, None, customer, patient_pays=True)
    other = held(rented, payer, customer)
    HoldingPayer.objects.create(
        holding=other, payer=payer, valid_from=date(2026, 10, 15), valid_to=NOVEMBER
    )
    HoldingPayer.objects.create(holding=other, payer=None, valid_from=NOVEMBER)

    result = run()

    assert not Invoice.objects.exists()
    assert result.invoices == 0


def test_a_second_run_changes_nothing(rented, payer, customer):
    held(rented, payer, customer, delivered_on=date(2026, 11, 11))
    held(rented, PayerFactory(), customer)
    run()
    before = list(InvoiceLine.objects.order_by("id").values())
    invoices = list(Invoice.objects.order_by("id").values())

    result = run()

    assert list(InvoiceLine.objects.order_by("id").values()) == before
    assert list(Invoice.objects.order_by("id").values()) == invoices
    assert (result.invoices, result.corrections, result.unchanged) == (0, 0, 2)


def test_a_back_dated_change_is_corrected_next_run(rented, payer, customer):
    holding = held(rented, payer, customer)
    run()
    original = Invoice.objects.get()
    holding.lost_on = date(2026, 11, 11)
    holding.save()

    result = run()

    correction = Invoice.objects.get(is_correction=True)
    assert (correction.payer, correction.month) == (payer, NOVEMBER)
    assert [
        (li.kind, li.corrected_kind, li.original_invoice, li.days, li.amount)
        for li in correction.lines.order_by("amount")
    ] == [
        (LineKind.CORRECTION, LineKind.RENT, original, 30, Decimal("-300.00")),
        (LineKind.CORRECTION, LineKind.RENT, original, 10, Decimal("100.00")),
    ]
    assert correction.total_excl_vat == Decimal("-200.00")
    assert original.lines.get().amount == Decimal("300.00")
    assert result.corrections == 1
    assert run().corrections == 0
    assert Invoice.objects.count() == 2


def test_totals_equal_the_sum_of_lines(rented, payer, customer):
    reduced = ArticleFactory()
    ArticlePriceFactory(
        article=reduced, monthly_rent=Decimal("33.33"), vat_rate=Decimal("6.00")
    )
    for day in (1, 4, 9, 17, 29):
        held(rented, payer, customer, delivered_on=date(2026, 11, day))
        held(reduced, payer, customer, delivered_on=date(2026, 11, day))

    run()

    invoice = Invoice.objects.get()
    net = invoice.lines.aggregate(total=Sum("amount"))["total"]
    assert invoice.total_excl_vat == net
    vat = sum(
        (
            (amount * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            for rate, amount in invoice.lines.values_list("vat_rate")
            .annotate(total=Sum("amount"))
            .values_list("vat_rate", "total")
        ),
        Decimal(0),
    )
    assert invoice.total_vat == vat
    assert invoice.total_incl_vat == net + vat
    # The subtotals the page reads count and sum the lines per VAT rate.
    assert sorted(invoice.subtotals.values_list("vat_rate", "count", "net")) == sorted(
        invoice.lines.values_list("vat_rate")
        .annotate(count=Count("pk"), net=Sum("amount"))
        .values_list("vat_rate", "count", "net")
    )


def test_an_independent_recomputation_equals_the_rent_total(customer):
    """Day by day with payer_on and price_on, the way nobody would compute
    a region, must give what the run invoiced."""
    # Seeded: the same holdings every run.
    randomly = random.Random(16)  # noqa: S311
    payers = [PayerFactory() for _ in range(3)]
    articles = []
    for _ in range(4):
        article = ArticleFactory()
        ArticlePriceFactory(
            article=article,
            valid_from=date(2026, 1, 1),
            monthly_rent=Decimal(randomly.randint(5000, 90000)) / 100,
        )
        ArticlePriceFactory(
            article=article,
            valid_from=date(2026, 11, randomly.randint(2, 30)),
            monthly_rent=Decimal(randomly.randint(5000, 90000)) / 100,
        )
        articles.append(article)
    holdings = []
    for _ in range(40):
        delivered = date(2026, 10, 1) + timedelta(days=randomly.randint(0, 60))
        quantity = randomly.randint(1, 3)
        holding = held(
            randomly.choice(articles),
            randomly.choice(payers),
            customer,
            person=PersonFactory(),
            delivered_on=delivered,
            quantity=quantity,
            delivered_quantity=quantity,
            returned_on=randomly.choice(
                [None, delivered + timedelta(days=randomly.randint(1, 40))]
            ),
            lost_on=randomly.choice(
                [None, None, delivered + timedelta(days=randomly.randint(1, 40))]
            ),
        )
        if randomly.random() < 0.3:
            change = date(2026, 11, randomly.randint(2, 30))
            if change > delivered:
                HoldingPayer.objects.create(
                    holding=holding,
                    payer=holding.payer,
                    valid_from=delivered,
                    valid_to=change,
                )
            HoldingPayer.objects.create(
                holding=holding,
                payer=randomly.choice(payers),
                valid_from=max(change, delivered + timedelta(days=1)),
            )
        holdings.append(holding)

    run()

    days_in_month = calendar.monthrange(2026, 11)[1]
    stretches = Counter()
    for holding in holdings:
        for offset in range(days_in_month):
            day = NOVEMBER + timedelta(days=offset)
            stops = [d for d in (holding.returned_on, holding.lost_on) if d]
            if day < holding.delivered_on or any(day >= stop for stop in stops):
                continue
            paying = payer_on(holding, day)
            price = price_on(holding.article, day)
            stretches[(holding.pk, paying.pk, price.pk)] += 1
    expected = Decimal(0)
    for (holding_pk, _payer, price_pk), days in stretches.items():
        holding = next(h for h in holdings if h.pk == holding_pk)
        rent = holding.article.prices.get(pk=price_pk).monthly_rent
        expected += (rent * holding.quantity * days / days_in_month).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    invoiced = InvoiceLine.objects.filter(kind=LineKind.RENT).aggregate(
        total=Sum("amount")
    )["total"]
    assert invoiced == expected
    assert sum(Invoice.objects.values_list("total_excl_vat", flat=True)) == expected


def test_a_line_keeps_its_patients_name_as_invoiced(rented, payer, customer):
    person = PersonFactory(first_name="Karin", last_name="Lund")
    holding = held(rented, payer, customer, person=person)
    run()
    person.last_name = "Lund-Ek"
    person.save()
    holding.returned_on = date(2026, 11, 16)
    holding.save()

    run()

    [line] = lines(invoice__is_correction=False)
    assert line.recipient_name == "Lund, Karin"
    # The credit names the patient as the line it credits; the charge again
    # as now.
    credit, charge = lines(invoice__is_correction=True)
    assert (credit.amount, credit.recipient_name) == (-300, "Lund, Karin")
    assert (charge.amount, charge.recipient_name) == (150, "Lund-Ek, Karin")


def test_a_care_units_line_has_no_recipient_name(rented, payer, customer):
    held(rented, payer, customer, person=None, care_unit=customer)

    run()

    [line] = lines()
    assert (line.care_unit, line.recipient_name) == (customer, "")


def test_the_month_is_read_in_a_few_queries(
    rented, payer, customer, django_assert_max_num_queries
):
    for day in range(1, 29):
        holding = held(rented, payer, customer, delivered_on=date(2026, 11, day))
        HoldingPayer.objects.create(
            holding=holding, payer=payer, valid_from=holding.delivered_on
        )

    with django_assert_max_num_queries(4):
        lines_by_payer, _without = compute_month(NOVEMBER)

    assert len(lines_by_payer[payer.pk]) == 28


@time_machine.travel(datetime(2026, 12, 1, 8, tzinfo=STOCKHOLM), tick=False)
def test_the_command_reports_and_dry_run_writes_nothing(rented, payer, customer):
    held(rented, payer, customer)
    out = StringIO()

    call_command("invoice_month", "2026-11", "--dry-run", stdout=out)

    assert not Invoice.objects.exists()
    assert "Provkörning" in out.getvalue()
    assert "1 fakturor" in out.getvalue()

    call_command("invoice_month", "2026-11", stdout=out)

    assert Invoice.objects.get().invoice_date == date(2026, 12, 1)


@time_machine.travel(datetime(2026, 12, 1, 8, tzinfo=STOCKHOLM), tick=False)
def test_the_command_corrects_earlier_months_it_is_given(rented, payer, customer):
    holding = held(rented, payer, customer)
    call_command("invoice_month", "2026-10", stdout=StringIO())
    holding.lost_on = date(2026, 10, 20)
    holding.save()
    out = StringIO()

    call_command("invoice_month", "2026-10", "2026-11", stdout=out)

    correction = Invoice.objects.get(is_correction=True)
    assert correction.month == date(2026, 10, 1)
    # 17 days of October credited (164.52), 5 charged again (48.39).
    assert correction.total_excl_vat == Decimal("-116.13")
    assert not Invoice.objects.filter(month=NOVEMBER).exists()
    assert "2026-10: 0 fakturor, 1 rättelsefakturor" in out.getvalue()


@time_machine.travel(datetime(2026, 11, 30, 23, tzinfo=STOCKHOLM), tick=False)
def test_the_command_invoices_only_a_month_that_is_over(db):
    with pytest.raises(CommandError, match="inte slut"):
        call_command("invoice_month", "2026-11", stdout=StringIO())

    assert not Invoice.objects.exists()


def test_a_holding_without_payer_is_reported(rented, customer):
    held(rented, None, customer)

    assert run().without_payer == 1


@time_machine.travel(datetime(2026, 12, 1, 8, tzinfo=STOCKHOLM), tick=False)
def test_the_command_fails_when_totals_do_not_add_up(rented, payer, customer):
    held(rented, payer, customer)
    run()
    Invoice.objects.update(
        total_excl_vat=Decimal("1.00"), total_incl_vat=Decimal("76.00")
    )

    with pytest.raises(CommandError, match="stämmer inte"):
        call_command("invoice_month", "2026-11", stdout=StringIO())


@time_machine.travel(datetime(2026, 12, 1, 8, tzinfo=STOCKHOLM), tick=False)
def test_the_command_fails_when_subtotals_do_not_add_up(rented, payer, customer):
    held(rented, payer, customer)
    run()
    InvoiceSubtotal.objects.update(net=Decimal("1.00"))

    with pytest.raises(CommandError, match="delsummorna"):
        call_command("invoice_month", "2026-11", stdout=StringIO())


def test_a_month_must_be_year_and_month(db):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM"):
        call_command("invoice_month", "2026-13", stdout=StringIO())

"""Egna mallar för eFaktura: which template codes a line, the kodsträng it
gives, and the monthly run writing it on the lines (invoicing.coding)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from catalog.choices import ArticleType
from invoicing.choices import LineKind
from invoicing.coding import (
    coder_for,
    delete_template,
    kodstrang,
    move_template,
    save_template,
)
from invoicing.models import CodingSegment, CodingTemplate, Invoice, InvoiceLine
from invoicing.services import compute_month, invoice_month
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    IsoClassFactory,
    PayerFactory,
    UserFactory,
)

NOVEMBER = date(2026, 11, 1)
RUN_DAY = date(2026, 12, 1)


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun")


@pytest.fixture
def segments(payer):
    """Konto (4 digits), ansvar (6), projekt (4, letters allowed)."""
    return [
        CodingSegment.objects.create(
            payer=payer, position=1, name="konto", length=4, required=True
        ),
        CodingSegment.objects.create(payer=payer, position=2, name="ansvar", length=6),
        CodingSegment.objects.create(
            payer=payer, position=3, name="projekt", length=4, digits_only=False
        ),
    ]


def template(payer, segments, name, position, *values, **criteria):
    return CodingTemplate.objects.create(
        payer=payer,
        name=name,
        position=position,
        values={
            str(segment.pk): value
            for segment, value in zip(segments, values, strict=False)
            if value
        },
        **criteria,
    )


def default(payer, segments, *values):
    return template(payer, segments, "Standard", 0, *values, is_default=True)


def line(article, customer=None, kind=LineKind.RENT, **fields):
    return {
        "kind": kind,
        "article_id": article.pk,
        "customer_id": customer.pk if customer else None,
        **fields,
    }


@pytest.fixture
def wheelchair(db):
    return ArticleFactory(
        name="Rullstol",
        iso_class=IsoClassFactory(code="122203"),
        article_type=ArticleType.MAIN,
    )


@pytest.fixture
def cushion(db):
    return ArticleFactory(
        name="Dyna",
        iso_class=IsoClassFactory(code="043303"),
        article_type=ArticleType.ACCESSORY,
    )


def test_the_kodstrang_joins_the_values_in_the_segments_order(segments):
    konto, ansvar, projekt = segments

    assert kodstrang(segments, {str(konto.pk): "4010", str(projekt.pk): "P7"}) == (
        "4010--P7"
    )
    assert kodstrang(segments, {str(ansvar.pk): "123", str(konto.pk): "4010"}) == (
        "4010-123"
    )
    assert kodstrang(segments, {}) == ""


def test_the_first_matching_template_wins(payer, segments, wheelchair, cushion):
    customer = CustomerFactory(default_payer=payer)
    template(payer, segments, "Rullstolar", 1, "4011", iso_prefix="1222")
    template(payer, segments, "Kunden", 2, "4012", customer=customer)
    template(
        payer, segments, "Tillbehör", 3, "4013", article_type=ArticleType.ACCESSORY
    )
    default(payer, segments, "4000", "100")

    code = coder_for(payer)

    assert code(line(wheelchair, customer)) == "4011"
    assert code(line(cushion, customer)) == "4012"
    assert code(line(cushion)) == "4013"
    assert code(line(ArticleFactory(iso_class=IsoClassFactory(code="180000")))) == (
        "4000-100"
    )


def test_all_criteria_of_a_template_must_match(payer, segments, wheelchair):
    customer = CustomerFactory(default_payer=payer)
    template(
        payer,
        segments,
        "Köpta rullstolar hos kunden",
        1,
        "5010",
        customer=customer,
        iso_prefix="12",
        line_kind=LineKind.PURCHASE,
    )

    code = coder_for(payer)

    assert code(line(wheelchair, customer, LineKind.PURCHASE)) == "5010"
    assert code(line(wheelchair, customer, LineKind.RENT)) == ""
    assert code(line(wheelchair, None, LineKind.PURCHASE)) == ""


def test_the_order_decides_and_a_move_changes_it(payer, segments, wheelchair):
    user = UserFactory(payers=[payer])
    first = template(payer, segments, "ISO 12", 1, "1111", iso_prefix="12")
    second = template(payer, segments, "Hyra", 2, "2222", line_kind=LineKind.RENT)

    assert coder_for(payer)(line(wheelchair)) == "1111"

    assert move_template(user, payer, second.pk, up=True, shown_position=2)
    # The same form sent again finds the template moved and does nothing.
    assert not move_template(user, payer, second.pk, up=True, shown_position=2)

    assert coder_for(payer)(line(wheelchair)) == "2222"
    first.refresh_from_db()
    assert first.position == 2


def test_a_correction_is_coded_as_the_kind_it_corrects(payer, segments, wheelchair):
    template(payer, segments, "Köp", 1, "5010", line_kind=LineKind.PURCHASE)
    template(payer, segments, "Hyra", 2, "4010", line_kind=LineKind.RENT)

    code = coder_for(payer)

    assert (
        code(
            line(wheelchair, kind=LineKind.CORRECTION, corrected_kind=LineKind.PURCHASE)
        )
        == "5010"
    )


def test_without_format_or_templates_lines_are_uncoded(payer, segments, wheelchair):
    other = PayerFactory()
    CodingTemplate.objects.create(
        payer=other, name="Allt", is_default=True, values={"1": "9"}
    )

    assert coder_for(payer)(line(wheelchair)) == ""
    assert coder_for(other)(line(wheelchair)) == ""


def test_the_coder_reads_the_articles_once(
    payer, segments, wheelchair, cushion, django_assert_num_queries
):
    template(payer, segments, "Rullstolar", 1, "4011", iso_prefix="1222")
    default(payer, segments, "4000")
    lines = [line(wheelchair), line(cushion)] * 500

    with django_assert_num_queries(3):
        code = coder_for(payer, lines)
        strings = [code(each) for each in lines]

    assert strings[:2] == ["4011", "4000"]


def test_an_invoice_line_object_is_coded_too(payer, segments, wheelchair):
    template(payer, segments, "Hyra", 1, "4010", line_kind=LineKind.RENT)

    coded = InvoiceLine(kind=LineKind.RENT, article=wheelchair)

    assert coder_for(payer, [coded])(coded) == "4010"


def test_one_default_per_payer_and_it_has_no_criteria(payer, segments):
    default(payer, segments, "4000")

    with pytest.raises(IntegrityError), transaction.atomic():
        default(payer, segments, "4001")
    with pytest.raises(IntegrityError), transaction.atomic():
        template(payer, segments, "Utan villkor", 1, "4001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CodingTemplate.objects.create(
            payer=payer, name="Standard 2", is_default=True, line_kind=LineKind.RENT
        )


def data(name, values=None, **fields):
    return {
        "name": name,
        "is_default": False,
        "customer": None,
        "iso_prefix": "",
        "article_type": "",
        "line_kind": "",
        "values": values or {},
        **fields,
    }


def test_save_template_puts_a_new_one_last_and_refuses_clashes(payer, segments):
    user = UserFactory(payers=[payer])
    first = save_template(user, payer, data("Hyra", line_kind=LineKind.RENT))
    second = save_template(user, payer, data("Köp", line_kind=LineKind.PURCHASE))
    standard = save_template(user, payer, data("Övrigt", is_default=True))

    assert (first.position, second.position, standard.position) == (1, 2, 0)
    # The same form sent twice: the template made by the first.
    assert save_template(user, payer, data("Hyra", line_kind=LineKind.RENT)) == first
    with pytest.raises(ValidationError) as name_taken:
        save_template(user, payer, data("HYRA", line_kind=LineKind.PURCHASE))
    assert "Det finns redan en mall med namnet Hyra." in name_taken.value.messages
    with pytest.raises(ValidationError) as default_taken:
        save_template(user, payer, data("Allt", is_default=True))
    assert default_taken.value.message_dict["is_default"] == [
        "Betalaren har redan en standardmall, Övrigt. Ändra den i stället."
    ]
    assert CodingTemplate.objects.count() == 3


def test_only_the_payers_users_change_its_templates(payer, segments):
    stranger = UserFactory(payers=[PayerFactory()])
    mine = CodingTemplate.objects.create(
        payer=payer, name="Hyra", position=1, line_kind=LineKind.RENT
    )

    with pytest.raises(PermissionDenied):
        save_template(stranger, payer, data("Köp", line_kind=LineKind.PURCHASE))
    with pytest.raises(PermissionDenied):
        delete_template(stranger, payer, mine.pk)

    assert CodingTemplate.objects.get() == mine


def test_deleting_twice_says_it_is_gone(payer, segments):
    user = UserFactory(payers=[payer])
    mine = CodingTemplate.objects.create(
        payer=payer, name="Hyra", position=1, line_kind=LineKind.RENT
    )

    assert delete_template(user, payer, mine.pk)
    assert not delete_template(user, payer, mine.pk)


@pytest.fixture
def rented(payer, wheelchair):
    ArticlePriceFactory(article=wheelchair, monthly_rent=Decimal("300.00"))
    customer = CustomerFactory(default_payer=payer)
    return HoldingFactory(
        article=wheelchair,
        payer=payer,
        customer=customer,
        delivered_on=date(2026, 10, 15),
    )


def test_the_run_codes_each_new_line(payer, segments, rented, cushion):
    ArticlePriceFactory(article=cushion, monthly_rent=None, price=Decimal("80.00"))
    HoldingFactory(
        article=cushion,
        payer=payer,
        customer=rented.customer,
        delivered_on=date(2026, 11, 5),
    )
    template(payer, segments, "Rullstolar", 1, "4011", "123", iso_prefix="1222")
    default(payer, segments, "4000")

    invoice_month(NOVEMBER, today=RUN_DAY)

    assert sorted(InvoiceLine.objects.values_list("kind", "accounting_cost")) == [
        (LineKind.PURCHASE, "4000"),
        (LineKind.RENT, "4011-123"),
    ]


def test_a_template_change_leaves_issued_invoices_alone(payer, segments, rented):
    rule = template(payer, segments, "Hyra", 1, "4010", line_kind=LineKind.RENT)
    invoice_month(NOVEMBER, today=RUN_DAY)
    rule.values = {str(segments[0].pk): "4099"}
    rule.save()
    # A payer change dated back into November: credit and re-charge.
    other = PayerFactory()
    rented.payer_periods.create(
        payer=payer, valid_from=rented.delivered_on, valid_to=date(2026, 11, 21)
    )
    rented.payer_periods.create(payer=other, valid_from=date(2026, 11, 21))

    invoice_month(NOVEMBER, today=date(2026, 12, 2))

    original, correction = Invoice.objects.filter(payer=payer).order_by("id")
    assert list(original.lines.values_list("accounting_cost", flat=True)) == ["4010"]
    assert sorted(correction.lines.values_list("amount", "accounting_cost")) == [
        (Decimal("-300.00"), "4010"),
        (Decimal("200.00"), "4099"),
    ]


def test_compute_month_for_one_payer_has_all_its_lines(payer, rented):
    other = PayerFactory()
    moved = HoldingFactory(
        article=rented.article,
        payer=other,
        customer=rented.customer,
        delivered_on=date(2026, 10, 1),
    )
    moved.payer_periods.create(
        payer=other, valid_from=date(2026, 10, 1), valid_to=date(2026, 11, 11)
    )
    moved.payer_periods.create(payer=payer, valid_from=date(2026, 11, 11))
    HoldingFactory(article=rented.article, payer=other, delivered_on=date(2026, 10, 1))

    everyone, _missing = compute_month(NOVEMBER)
    mine, _missing = compute_month(NOVEMBER, payer=payer.pk)

    assert mine[payer.pk] == everyone[payer.pk]
    assert len(mine[payer.pk]) == 2
    assert len(mine[other.pk]) == 1

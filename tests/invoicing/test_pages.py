"""E-faktura: a payer's users see its invoices and their lines; a
prescriber of a customer on the invoice and another payer's users do not."""

import csv
import io
import uuid
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from invoicing.choices import LineKind
from invoicing.lines import PAGE_SIZE
from invoicing.models import Invoice
from invoicing.services import invoice_month
from tests.factories import (
    CustomerFactory,
    HoldingFactory,
    PayerFactory,
    PersonFactory,
    UserFactory,
    personnummer,
)
from tests.pdf import pdf_text, served

from .helpers import NOVEMBER, RUN_DAY, hold, invoice_of, rented_article

LIST = reverse("invoicing:invoice_list")


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun", org_number="2120002411")


@pytest.fixture
def customer(payer):
    return CustomerFactory(name="Hemtjänst Ersboda", default_payer=payer)


@pytest.fixture
def payer_user(payer):
    return UserFactory(payers=[payer])


@pytest.fixture
def wheelchair(db):
    return rented_article(name="Rullstol", article_no="100001")


@pytest.fixture
def karin(db):
    return PersonFactory(first_name="Karin", last_name="Lund")


@pytest.fixture
def invoice(payer, customer, wheelchair, karin):
    hold(wheelchair, payer, customer, person=karin, individual=True)
    return invoice_of(payer)


def detail(invoice):
    return reverse("invoicing:invoice_detail", args=[invoice.number])


def pdf_url(invoice):
    return reverse("invoicing:invoice_pdf", args=[invoice.number])


def as_user(client, user):
    client.force_login(user)
    return client


# Who sees what


def test_a_payer_user_sees_the_invoice_in_the_list(client, payer_user, invoice):
    response = as_user(client, payer_user).get(LIST)

    assert response.status_code == 200
    [listed] = response.context["page"].object_list
    assert listed == invoice
    text = response.text
    assert invoice.number in text
    assert "2026-11" in text
    assert "375,00 kr" in text
    assert (RUN_DAY.replace(day=31)).isoformat() in text


def test_the_payer_user_sees_the_invoice_with_its_patients(
    client, payer_user, invoice, karin
):
    response = as_user(client, payer_user).get(detail(invoice))

    assert response.status_code == 200
    text = response.text
    for shown in [
        invoice.number,
        "Umeå kommun",
        "212000-2411",
        settings.INVOICE_SELLER["org_number"],
        settings.INVOICE_SELLER["vat_number"],
        "Hemtjänst Ersboda",
        "Lund, Karin",
        karin.personnummer,
        "100001 Rullstol",
        "2026-11-01 – 2026-11-30",
        "300,00",
        "75,00 kr",
        "375,00 kr",
        "0,5 öre uppåt",
        "Delsumma 300,00 kr",
    ]:
        assert shown in text, shown


def test_a_customer_only_prescriber_gets_404(client, prescriber, invoice):
    client = as_user(client, prescriber)

    assert client.get(detail(invoice)).status_code == 404
    assert client.get(pdf_url(invoice)).status_code == 404
    assert not client.get(LIST).context["page"].object_list
    assert not AccessLog.objects.exists()


def test_another_payers_user_gets_404(client, invoice):
    other = UserFactory(payers=[PayerFactory()])
    client = as_user(client, other)

    assert client.get(detail(invoice)).status_code == 404
    assert client.post(detail(invoice), {"download": "xlsx"}).status_code == 404
    assert client.get(pdf_url(invoice)).status_code == 404
    assert not client.get(LIST).context["page"].object_list


def test_the_menu_offers_e_faktura_only_to_payer_users(client, payer_user, prescriber):
    start = reverse("start")
    assert LIST in as_user(client, payer_user).get(start).text
    client.logout()
    assert LIST not in as_user(client, prescriber).get(start).text


def test_dina_uppgifter_links_to_the_invoices(client, payer_user):
    response = as_user(client, payer_user).get(reverse("my_details"))

    assert LIST in response.text


# The list


def test_the_list_searches_by_number_prefix_and_month(
    client, payer, customer, payer_user, wheelchair
):
    hold(wheelchair, payer, customer)
    november = invoice_of(payer)
    october = invoice_of(payer, date(2026, 10, 1))
    client = as_user(client, payer_user)

    def found(**query):
        return list(client.get(LIST, query).context["page"].object_list)

    assert found() == [november, october]
    assert found(month="2026-10") == [october]
    assert found(number=november.number[:-1].lower()) == [november, october]
    assert found(number=november.number) == [november]
    assert found(number="X") == []


def test_a_bad_month_is_answered_next_to_the_field(client, payer_user, invoice):
    response = as_user(client, payer_user).get(LIST, {"month": "november"})

    assert "Ange månaden som ÅÅÅÅ-MM" in response.text
    assert list(response.context["page"].object_list) == [invoice]


def test_the_list_query_count_does_not_grow(client, payer_user, customer, payer):
    hold(rented_article(), payer, customer, delivered_on=date(2026, 1, 1))
    invoice_month(date(2026, 1, 1), today=RUN_DAY)
    client = as_user(client, payer_user)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for month in range(2, 11):
        invoice_month(date(2026, month, 1), today=RUN_DAY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == 10
    assert len(many) == len(few)


# The lines


@pytest.fixture
def two_customers(payer, customer, wheelchair, karin):
    other = CustomerFactory(name="Hemtjänst Teg", default_payer=payer)
    walker = rented_article("100.00", name="Rollator", article_no="200002")
    hold(wheelchair, payer, customer, person=karin)
    hold(walker, payer, customer, person=karin)
    olle = PersonFactory(first_name="Olle", last_name="Ek")
    hold(walker, payer, other, person=olle)
    return invoice_of(payer), other, olle


def lines_of(response):
    return [row.line for row in response.context["rows"] if row.kind == "line"]


def test_lines_are_grouped_by_customer_and_recipient_with_subtotals(
    client, payer_user, two_customers, customer, karin
):
    invoice, other, olle = two_customers

    response = as_user(client, payer_user).get(detail(invoice))

    rows = response.context["rows"]
    assert [(row.kind, row.subtotal) for row in rows] == [
        ("customer", Decimal("400.00")),
        ("recipient", Decimal("400.00")),
        ("line", None),
        ("line", None),
        ("customer", Decimal("100.00")),
        ("recipient", Decimal("100.00")),
        ("line", None),
    ]
    assert [row.line.customer for row in rows[::3][:2]] == [customer, customer]
    assert rows[-1].line.person == olle


@pytest.fixture
def named_recipients(payer, customer, wheelchair):
    """Patients whose ids run opposite to their names (the Swedish
    alphabet: Å and Ö after Z), a care unit's aid, and one patient with two
    aids."""
    walker = rented_article("100.00", name="Rollator", article_no="200002")
    names = [("Öberg", "Anna"), ("Åberg", "Bo"), ("Eka", "Per"), ("Ek", "Olle")]
    names.append(("Ek", "Anna"))
    persons = [
        PersonFactory(id=uuid.UUID(int=number), last_name=last, first_name=first)
        for number, (last, first) in enumerate(names, start=1)
    ]
    for person in persons:
        hold(walker, payer, customer, person=person)
    hold(wheelchair, payer, customer, person=persons[3])
    HoldingFactory(
        article=wheelchair,
        payer=payer,
        customer=customer,
        person=None,
        care_unit=customer,
        delivered_on=date(2026, 10, 1),
    )
    return invoice_of(payer)


READING_ORDER = [
    ("", "Rullstol"),
    ("Ek, Anna", "Rollator"),
    ("Ek, Olle", "Rollator"),
    ("Ek, Olle", "Rullstol"),
    ("Eka, Per", "Rollator"),
    ("Åberg, Bo", "Rollator"),
    ("Öberg, Anna", "Rollator"),
]


def test_a_customers_recipients_come_by_last_and_first_name(
    client, payer_user, named_recipients, customer
):
    response = as_user(client, payer_user).get(detail(named_recipients))

    rows = response.context["rows"]
    assert [
        (line.recipient_name, line.article.name) for line in lines_of(response)
    ] == READING_ORDER
    headings = [row.cells["heading"] for row in rows if row.kind == "recipient"]
    assert headings[0] == f"Mottagare {customer.name}"
    assert [heading.split(",")[0] for heading in headings[1:]] == [
        "Mottagare Ek",
        "Mottagare Ek",
        "Mottagare Eka",
        "Mottagare Åberg",
        "Mottagare Öberg",
    ]
    olle = next(
        row
        for row in rows
        if row.kind == "recipient" and "Ek, Olle" in row.cells["heading"]
    )
    assert olle.subtotal == Decimal("400.00")


def test_the_lines_are_numbered_in_reading_order_when_the_invoice_is_written(
    named_recipients,
):
    lines = named_recipients.lines.select_related("article").order_by("position")

    assert [line.position for line in lines] == list(range(1, len(READING_ORDER) + 1))
    assert [(line.recipient_name, line.article.name) for line in lines] == (
        READING_ORDER
    )


def test_the_files_and_the_pdf_list_the_recipients_by_name(
    client, payer_user, named_recipients, customer
):
    client = as_user(client, payer_user)

    _header, *rows = xlsx_rows(downloaded(client, named_recipients, "xlsx"))
    text = " ".join(pdf_text(served(client.get(pdf_url(named_recipients)))).split())

    assert [(row[2], row[6]) for row in rows] == [
        (name or customer.name, article) for name, article in READING_ORDER
    ]
    names = ["Ek, Anna", "Ek, Olle", "Eka, Per", "Åberg, Bo", "Öberg, Anna"]
    places = [text.index(f"Mottagare {name}") for name in names]
    assert places == sorted(places)


def test_an_invoice_keeps_the_name_its_patient_had(client, payer_user, invoice, karin):
    karin.last_name = "Lund-Ek"
    karin.save()

    response = as_user(client, payer_user).get(detail(invoice))

    [line] = lines_of(response)
    assert line.recipient_name == "Lund, Karin"
    assert "Lund, Karin" in response.text
    assert "Lund-Ek" not in response.text


def filtered(client, invoice, **data):
    return client.post(detail(invoice), data)


def test_the_filters_narrow_the_lines_and_their_sums(
    client, payer_user, two_customers, karin
):
    invoice, other, olle = two_customers
    client = as_user(client, payer_user)

    by_customer = filtered(client, invoice, customer=other.kundid)
    by_person = filtered(client, invoice, personnummer=karin.personnummer)
    by_article = filtered(client, invoice, article="200002")
    by_kind = filtered(client, invoice, kind=LineKind.PURCHASE)

    assert [line.person for line in lines_of(by_customer)] == [olle]
    assert by_customer.context["shown"].net == Decimal("100.00")
    assert "125,00 kr inkl. moms" in by_customer.text
    assert [line.person for line in lines_of(by_person)] == [karin, karin]
    assert by_person.context["shown"].gross == Decimal("500.00")
    assert {line.article.article_no for line in lines_of(by_article)} == {"200002"}
    assert by_article.context["shown"].count == 2
    assert lines_of(by_kind) == []
    assert "Inga rader matchar filtren." in by_kind.text
    # The header keeps the whole invoice's totals.
    assert "625,00 kr" in by_customer.text


def test_the_customer_select_offers_the_invoices_customers(
    client, payer_user, two_customers, customer
):
    invoice, other, _ = two_customers
    CustomerFactory(default_payer=invoice.payer)

    response = as_user(client, payer_user).get(detail(invoice))

    choices = response.context["form"].fields["customer"].choices
    assert [value for value, _ in choices] == ["", customer.kundid, other.kundid]


def test_an_unknown_personnummer_matches_nothing(client, payer_user, invoice):
    response = filtered(
        as_user(client, payer_user), invoice, personnummer=personnummer(9999)
    )

    assert response.status_code == 200
    assert lines_of(response) == []


def test_a_bad_personnummer_is_answered_next_to_the_field(client, payer_user, invoice):
    response = filtered(
        as_user(client, payer_user), invoice, personnummer="194001011235"
    )

    assert "kontrollsiffran" in response.text
    assert 'value="194001011235"' in response.text
    assert "rows" not in response.context
    assert not AccessLog.objects.exists()


@pytest.fixture
def many_lines(payer, customer, wheelchair):
    for _ in range(PAGE_SIZE + 5):
        hold(wheelchair, payer, customer)
    return invoice_of(payer)


def test_the_lines_come_a_page_at_a_time(client, payer_user, many_lines):
    client = as_user(client, payer_user)

    first = client.get(detail(many_lines))
    second = filtered(client, many_lines, sida="2")
    past = filtered(client, many_lines, sida="99")

    assert len(lines_of(first)) == PAGE_SIZE
    assert len(lines_of(second)) == 5
    assert lines_of(past) == lines_of(second)
    assert not set(lines_of(first)) & set(lines_of(second))
    assert f"Rad 101–105 av {PAGE_SIZE + 5}" in second.text
    assert 'name="sida" value="1"' in second.text
    # The totals are of every line, not the page's, and so is the subtotal
    # of the customer whose lines began on the first page.
    assert second.context["shown"].net == Decimal("300.00") * (PAGE_SIZE + 5)
    heading = second.context["rows"][0]
    assert (heading.kind, heading.subtotal) == (
        "customer",
        Decimal("300.00") * (PAGE_SIZE + 5),
    )


def queries(client, url, **data):
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "data", [{}, {"customer": "", "sida": "2"}, {"download": "xlsx"}]
)
def test_the_query_count_does_not_grow_with_the_lines(
    client, payer_user, payer, customer, wheelchair, data
):
    hold(wheelchair, payer, customer)
    small = invoice_of(payer, date(2026, 10, 1))
    client = as_user(client, payer_user)
    queries(client, detail(small), **data)
    few = queries(client, detail(small), **data)
    for _ in range(PAGE_SIZE + 5):
        hold(
            wheelchair,
            payer,
            CustomerFactory(default_payer=payer),
            person=PersonFactory(),
            delivered_on=NOVEMBER,
        )
    large = invoice_of(payer)
    queries(client, detail(large), **data)

    assert queries(client, detail(large), **data) == few


# The access log


def test_the_patients_on_the_page_are_logged(
    client, payer_user, two_customers, karin, customer
):
    invoice, other, olle = two_customers

    as_user(client, payer_user).get(detail(invoice))

    logged = AccessLog.objects.filter(user=payer_user)
    assert {(entry.person, entry.customer) for entry in logged} == {
        (karin, customer),
        (olle, other),
    }
    assert {entry.action for entry in logged} == {AccessAction.VIEW}
    assert {entry.object_id for entry in logged} == {str(invoice.pk)}


def test_only_the_page_shown_is_logged(client, payer_user, many_lines):
    as_user(client, payer_user).get(detail(many_lines))

    assert AccessLog.objects.filter(user=payer_user).count() == PAGE_SIZE


def test_the_list_shows_and_logs_no_patient(client, payer_user, invoice):
    as_user(client, payer_user).get(LIST)

    assert not AccessLog.objects.exists()


# The files


def downloaded(client, invoice, kind, **data):
    response = client.post(detail(invoice), {"download": kind, **data})
    assert response.status_code == 200
    return response


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.values)


def test_the_excel_file_holds_the_filtered_lines(
    client, payer_user, two_customers, karin
):
    invoice, other, olle = two_customers

    response = downloaded(
        as_user(client, payer_user), invoice, "xlsx", customer=other.kundid
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="faktura-{invoice.number}.xlsx"'
    )
    header, row = xlsx_rows(response)
    assert header[:5] == ("Kundid", "Kund", "Mottagare", "Personnummer", "Typ")
    record = dict(zip(header, row, strict=True))
    assert record["Kundid"] == other.kundid
    assert record["Mottagare"] == "Ek, Olle"
    assert record["Personnummer"] == olle.personnummer
    assert record["Typ"] == "Hyra"
    assert record["Artikelnummer"] == "200002"
    assert record["Från"].date() == NOVEMBER
    assert record["Dagar"] == 30
    assert record["Belopp exkl. moms"] == 100
    assert record["Moms (%)"] == 25


def test_the_csv_file_has_every_line_with_decimal_commas(
    client, payer_user, many_lines
):
    response = downloaded(as_user(client, payer_user), many_lines, "csv")

    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:]), delimiter=";"))
    assert len(rows) == PAGE_SIZE + 6
    assert rows[1][15] == "300,00"


def test_a_download_is_logged_with_its_row_count(client, payer_user, many_lines):
    downloaded(as_user(client, payer_user), many_lines, "xlsx")

    entries = AccessLog.objects.filter(user=payer_user)
    assert entries.count() == PAGE_SIZE + 5
    assert {(entry.action, entry.object_repr) for entry in entries} == {
        (AccessAction.EXPORT, f"Faktura {many_lines.number}, 105 rader (xlsx)")
    }


def test_the_pdf_holds_the_whole_invoice(client, payer_user, two_customers, karin):
    invoice, other, olle = two_customers

    response = as_user(client, payer_user).get(pdf_url(invoice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = " ".join(pdf_text(served(response)).split())
    for shown in [
        f"Faktura {invoice.number}",
        "625,00 kr",
        "Umeå kommun",
        "Hemtjänst Teg",
        karin.personnummer,
        "Ek, Olle",
        "0,5 öre uppåt",
        "Sida 1 av 1",
    ]:
        assert shown in text, shown
    logged = AccessLog.objects.filter(user=payer_user)
    assert {entry.person for entry in logged} == {karin, olle}
    assert {entry.object_repr for entry in logged} == {
        f"Faktura {invoice.number}, 3 rader (pdf)"
    }


def xml_url(invoice):
    return reverse("invoicing:invoice_xml", args=[invoice.number])


def test_the_xml_is_the_peppol_document(client, payer_user, invoice, karin):
    response = as_user(client, payer_user).get(xml_url(invoice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == (
        f'attachment; filename="faktura-{invoice.number}.xml"'
    )
    assert b"urn:fdc:peppol.eu:2017:poacc:billing:01:1.0" in response.content
    assert f"<cbc:ID>{invoice.number}</cbc:ID>".encode() in response.content
    [entry] = AccessLog.objects.filter(user=payer_user)
    assert (entry.person, entry.action) == (karin, AccessAction.EXPORT)
    assert entry.object_repr == f"Faktura {invoice.number}, 1 rader (xml)"


def test_without_a_peppol_address_the_xml_says_why(client, payer_user, invoice):
    invoice.payer.org_number = ""
    invoice.payer.save()

    response = as_user(client, payer_user).get(xml_url(invoice), follow=True)

    assert response.redirect_chain == [(detail(invoice), 302)]
    assert "saknar både Peppol-id och organisationsnummer" in response.text


def test_another_payers_user_gets_no_xml(client, invoice):
    client = as_user(client, UserFactory(payers=[PayerFactory()]))

    assert client.get(xml_url(invoice)).status_code == 404


def test_a_correction_says_what_it_corrects_on_the_page_and_in_the_pdf(
    client, payer, customer, payer_user, wheelchair, karin
):
    holding = hold(wheelchair, payer, customer, person=karin)
    original = invoice_of(payer)
    holding.lost_on = date(2026, 11, 11)
    holding.save()
    invoice_month(NOVEMBER, today=RUN_DAY)
    correction = Invoice.objects.get(is_correction=True)
    client = as_user(client, payer_user)

    listed = client.get(LIST)
    page = client.get(detail(correction))
    pdf = " ".join(pdf_text(served(client.get(pdf_url(correction)))).split())

    assert "Rättelse" in listed.text
    assert f"Rättelsefaktura {correction.number}" in page.text
    assert f"Rättelse av hyra, faktura {original.number}" in page.text
    assert "-250,00 kr" in page.text
    assert f"Rättelse av hyra, faktura {original.number}" in pdf
    assert f"Rättelsefaktura {correction.number}" in pdf

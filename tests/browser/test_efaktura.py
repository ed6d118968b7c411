"""E-faktura in a real browser: a payer's user opens November's invoice from
the menu, filters its lines by customer, and downloads the Excel file, the
Peppol XML and the PDF; every page axe-clean."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, PayerFactory, PersonFactory, UserFactory
from tests.invoicing.helpers import hold, invoice_of, rented_article
from tests.pdf import pdf_text


@pytest.fixture
def invoice(transactional_db):
    payer = PayerFactory(name="Umeå kommun", org_number="2120002411")
    ersboda = CustomerFactory(name="Hemtjänst Ersboda", default_payer=payer)
    teg = CustomerFactory(name="Hemtjänst Teg", default_payer=payer)
    wheelchair = rented_article(name="Rullstol", article_no="100001")
    hold(wheelchair, payer, ersboda, PersonFactory(first_name="Karin"))
    hold(wheelchair, payer, teg, PersonFactory(first_name="Olle"))
    return invoice_of(payer)


def test_a_payer_user_reads_filters_and_downloads_an_invoice(
    page, invoice, assert_accessible
):
    user = UserFactory(payers=[invoice.payer])
    page.goto("/konto/logga-in/")
    submit_login(page, user.username)
    page.get_by_role("navigation", name="Meny").get_by_role(
        "link", name="E-faktura"
    ).click()
    expect(heading(page, "E-faktura")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Period (månad)").fill("2026-11")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name=invoice.number).click()
    expect(heading(page, f"Faktura {invoice.number}")).to_be_visible()
    lines = page.get_by_role("table", name="Raderna per kund och mottagare")
    expect(lines).to_contain_text("Hemtjänst Ersboda")
    expect(lines).to_contain_text("Hemtjänst Teg")
    assert_accessible(page)

    teg = invoice.lines.get(customer__name="Hemtjänst Teg").customer
    page.get_by_label("Kund", exact=True).select_option(teg.kundid)
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 rad matchar filtren")
    expect(lines).to_contain_text("Olle")
    expect(lines).not_to_contain_text("Hemtjänst Ersboda")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner Excel").click()
    assert download.value.suggested_filename == f"faktura-{invoice.number}.xlsx"
    with open(download.value.path(), "rb") as file:
        rows = list(openpyxl.load_workbook(file).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Hemtjänst Teg"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner e-faktura (XML)").click()
    assert download.value.suggested_filename == f"faktura-{invoice.number}.xml"
    with open(download.value.path(), "rb") as file:
        assert f"<cbc:ID>{invoice.number}</cbc:ID>".encode() in file.read()

    pdf = page.request.get(
        page.get_by_role("link", name="Öppna som PDF").get_attribute("href")
    )
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.body()).split())
    assert invoice.number in text
    assert "750,00 kr" in text

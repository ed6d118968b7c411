"""Rekvirerat per förskrivare in a real browser: reached from Kundorder,
axe-clean with its lines, printed without the form and the menu but with
the period, downloaded as an Excel file that opens, and paged with the
criteria (a personnummer among them) posted again."""

import openpyxl
import pytest
from playwright.sync_api import expect

from orders.services import report
from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, UserFactory
from tests.orders.placed_helpers import placed_order

# A4 landscape in points, as Chromium writes a page's size into a PDF.
LANDSCAPE = b"/MediaBox [0 0 841.91998 594.95996]"


@pytest.fixture
def order(transactional_db):
    return placed_order(UserFactory(customers=[CustomerFactory()]), lines=2)


def test_the_report_shows_prints_and_downloads(page, order, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.get_by_role("link", name="Kundorder").click()
    expect(heading(page, "Kundorder")).to_be_visible()
    # Only the report turns the paper.
    assert LANDSCAPE not in page.pdf(prefer_css_page_size=True)
    page.get_by_role("link", name="Rekvirerat per förskrivare").click()
    expect(heading(page, "Rekvirerat per förskrivare")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Visa", exact=True).click()
    table = page.get_by_role("table", name="2 orderrader")
    expect(table.get_by_role("link", name=order.number)).to_have_count(2)
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Meny")).to_be_hidden()
    expect(page.get_by_role("button", name="Ladda ner Excel")).to_be_hidden()
    expect(page.get_by_text("Period", exact=True).last).to_be_visible()
    expect(table).to_be_visible()
    # By the report's own named @page.
    assert LANDSCAPE in page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(file)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [order.number, order.number]


def test_the_page_buttons_post_the_criteria_again(
    page, order, monkeypatch, assert_accessible
):
    monkeypatch.setattr(report, "PAGE_SIZE", 1)
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.goto("/kundorder/rekvirerat/")
    page.get_by_label("Mottagarens personnummer").fill(order.person.personnummer)
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_role("table", name="Orderrad 1–1 av 2")).to_be_visible()
    pages = page.get_by_role("navigation", name="Sidor i rapporten")
    expect(pages).to_contain_text("Sida 1 av 2")
    assert_accessible(page)

    pages.get_by_role("button", name="Nästa").click()
    expect(page.get_by_role("table", name="Orderrad 2–2 av 2")).to_be_visible()
    expect(page.get_by_label("Mottagarens personnummer")).to_have_value(
        order.person.personnummer
    )
    pages.get_by_role("button", name="Föregående").click()
    expect(page.get_by_role("table", name="Orderrad 1–1 av 2")).to_be_visible()

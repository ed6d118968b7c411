"""How much a 3-line order costs the prescriber (issue 12, "Fewer page
loads, fewer keystrokes"): from a known patient's aids page to the order
confirmation, one line taking the outgoing alternative and the delivery
details filled in, counted once with the mouse (page loads and actions) and
once with the keyboard only (Tab presses).

A page load is one document the browser loads into the tab: a POST answered
by a redirect and the page it leads to count as one, as the user sees one
page come; htmx's in-place saves on Orderrader load none. The ceilings are
the issue's targets: ≤ 4 page loads (≤ 6 from the start page), ≤ 20 actions
and ≤ 40 Tab presses. Each test prints its figures (pytest -s)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    Counter,
    an_outgoing_alternative_in_stock,
    heading,
    log_in,
)
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    PersonFactory,
    StockBalanceFactory,
)

MAX_PAGE_LOADS = 4
MAX_PAGE_LOADS_FROM_THE_START_PAGE = 6
MAX_ACTIONS = 20
MAX_TABS = 40
DELIVERY = {
    "Telefon": "070-111 22 33",
    "Portkod": "4711",
    "Instruktioner": "Ring på hos grannen.",
    "Kontaktperson": "Anna Ek",
}


@pytest.fixture
def customer(transactional_db):
    return CustomerFactory()


@pytest.fixture
def patient(customer):
    """A known patient: an aid ordered through the customer makes the care
    relationship, so nothing is asked before the aids page."""
    person = PersonFactory(
        personnummer="194001012386", first_name="Karin", last_name="Berg"
    )
    HoldingFactory(
        person=person,
        article=ArticleFactory(article_no="17941", name="Rollatorbricka"),
        order_number="25120001",
        ordered_on=date(2025, 3, 17),
        customer=customer,
    )
    for number, name, marked in [
        ("17940", "Rollator Cross 6", False),
        ("17950", "Rullstol Etac", True),
    ]:
        StockBalanceFactory(
            article=ArticleFactory(
                article_no=number, name=name, individually_marked=marked
            ),
            on_hand=3,
        )
    an_outgoing_alternative_in_stock()
    return person


def lines_table(page):
    return page.get_by_role("table", name="Orderrader på beställningen")


def open_aids_page(page, patient, customer):
    log_in(page, customers=[customer])
    page.goto(f"/hjalpmedel/{patient.pk}/")
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    return Counter(page)


def choice(page):
    """The choice of alternative under the line of 34305."""
    return page.get_by_role("group", name="Utgående produkt som alternativ för 34305")


def order_3_lines_with_the_mouse(page, count):
    """From the aids page: Beställ, the three lines pasted at once, the
    outgoing alternative proposed for 34305 taken, Leverans filled in."""
    count.click(page.get_by_role("button", name="Beställ", exact=True))
    expect(heading(page, "Orderrader")).to_be_visible()
    # Pasted one per line, as copied from a list.
    article = page.get_by_label("Artikelnummer")
    count.fill(article, "17940\n17950\n34305")
    count.press(article, "Enter")
    expect(choice(page).get_by_label("Välj 10968")).to_be_checked()
    count.click(choice(page).get_by_role("button", name="Verkställ"))
    expect(choice(page)).to_have_count(0)
    expect(lines_table(page).get_by_role("row")).to_have_count(4)
    count.click(page.get_by_role("button", name="Fortsätt"))

    expect(heading(page, "Leverans")).to_be_visible()
    address = page.get_by_role("region", name="Leveransadress")
    for label, text in DELIVERY.items():
        count.fill(address.get_by_label(label), text)
    count.click(page.get_by_role("button", name="Verkställ"))
    expect_confirmation(page)


def report(what, count):
    print(
        f"\n{what}: {count.page_loads} page loads, {count.actions} actions, "
        f"{count.tabs} Tab presses"
    )


def expect_confirmation(page):
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Duschstol äldre")
    for number in ["17940", "17950"]:
        expect(page.get_by_role("main")).to_contain_text(number)


def test_a_3_line_order_from_the_aids_page_with_the_mouse(
    page, patient, customer, assert_accessible
):
    count = open_aids_page(page, patient, customer)

    order_3_lines_with_the_mouse(page, count)
    assert_accessible(page)

    report("From the aids page, with the mouse", count)
    assert count.page_loads <= MAX_PAGE_LOADS, count.page_loads
    assert count.actions <= MAX_ACTIONS, count.actions


def test_a_3_line_order_from_the_start_page_with_the_mouse(
    page, patient, customer, assert_accessible
):
    log_in(page, customers=[customer])
    count = Counter(page)

    count.click(
        page.get_by_role("navigation", name="Meny").get_by_role(
            "link", name="Hjälpmedel"
        )
    )
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    count.fill(page.get_by_label("Personnummer"), "400101-2386")
    count.click(page.get_by_role("button", name="Sök"))
    expect(page.get_by_role("main")).to_contain_text("Rollatorbricka")
    order_3_lines_with_the_mouse(page, count)
    assert_accessible(page)

    report("From the start page, with the mouse", count)
    assert count.page_loads <= MAX_PAGE_LOADS_FROM_THE_START_PAGE, count.page_loads
    assert count.actions <= MAX_ACTIONS, count.actions


def test_a_3_line_order_from_the_aids_page_with_the_keyboard_only(
    page, patient, customer, assert_accessible
):
    count = open_aids_page(page, patient, customer)
    keyboard = page.keyboard

    count.tab_to(page.get_by_role("button", name="Beställ", exact=True))
    keyboard.press("Enter")
    expect(heading(page, "Orderrader")).to_be_visible()
    expect(page.get_by_label("Artikelnummer")).to_be_focused()
    keyboard.type("17940 17950 34305")
    keyboard.press("Enter")

    # The focus goes to the proposed article of the choice under 34305.
    expect(choice(page).get_by_label("Välj 10968")).to_be_focused()
    assert_accessible(page)
    count.tab_to(choice(page).get_by_role("button", name="Verkställ"))
    keyboard.press("Enter")
    expect(choice(page)).to_have_count(0)
    expect(lines_table(page).get_by_role("row")).to_have_count(4)
    expect(page.get_by_label("Artikelnummer")).to_be_focused()
    assert_accessible(page)
    # From the article field, where the page puts the focus back.
    count.tab_to(page.get_by_role("button", name="Fortsätt"))
    keyboard.press("Enter")

    expect(heading(page, "Leverans")).to_be_visible()
    assert_accessible(page)
    count.skip_to("Hoppa till telefon och portkod för leveransen")
    address = page.get_by_role("region", name="Leveransadress")
    for label, text in DELIVERY.items():
        count.tab_to(address.get_by_label(label))
        keyboard.type(text)
    # Verkställ is the first submit button: Enter in a field executes.
    keyboard.press("Enter")
    expect_confirmation(page)

    report("From the aids page, keyboard only", count)
    assert count.page_loads <= MAX_PAGE_LOADS, count.page_loads
    assert count.tabs <= MAX_TABS, count.tabs

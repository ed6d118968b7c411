"""Orderrader with and without JavaScript: Enter in Artikelnummer adds the
line. With JavaScript (htmx) the form is replaced in place, no page loads and
the focus stays in Artikelnummer; without it the page loads again, as the
manual's flow always did, with the focus back in Artikelnummer. A line with
an outgoing alternative (F-06) shows its choice under it, with the focus on
the proposed article; its Verkställ takes the choice, in place or with a
page load, and the focus goes back to Artikelnummer."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    Counter,
    an_outgoing_alternative_in_stock,
    heading,
    submit_login,
)
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    UserFactory,
)


@pytest.fixture
def draft(transactional_db):
    for number in ["17940", "17950"]:
        ArticleFactory(article_no=number)
    an_outgoing_alternative_in_stock()
    return DraftOrderFactory(prescriber=UserFactory(customers=[CustomerFactory()]))


def add_two_lines(page, draft):
    """Log in, open the draft's lines and add two lines with Enter; returns
    the page loads counted on the lines page."""
    page.goto("/konto/logga-in/")
    submit_login(page, draft.prescriber.username)
    expect(heading(page, "Startsida")).to_be_visible()
    page.goto(f"/kundorder/{draft.pk}/rader/")
    expect(heading(page, "Orderrader")).to_be_visible()
    count = Counter(page)
    article = page.get_by_label("Artikelnummer")
    lines = page.get_by_role("table", name="Orderrader på beställningen")
    for number in ["17940", "17950"]:
        expect(article).to_be_focused()
        page.keyboard.type(number)
        page.keyboard.press("Enter")
        expect(lines.get_by_role("row", name=re.compile(number))).to_be_visible()
        expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
        expect(article).to_be_focused()
        expect(article).to_have_value("")
    expect(lines.get_by_role("row")).to_have_count(3)
    return count.page_loads


def test_with_javascript_enter_adds_the_line_in_place(page, draft, assert_accessible):
    assert add_two_lines(page, draft) == 0
    assert_accessible(page)

    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Leverans")).to_be_visible()


def test_without_javascript_enter_adds_the_line_with_a_page_load(
    browser, live_server, draft
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()

    assert add_two_lines(page, draft) == 2

    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Leverans")).to_be_visible()
    context.close()


def choose_an_alternative_with_the_keyboard(page, draft):
    """Log in, add 34305 with Enter on the draft's lines and take the older
    article proposed under it with the keyboard; returns the page loads."""
    page.goto("/konto/logga-in/")
    submit_login(page, draft.prescriber.username)
    expect(heading(page, "Startsida")).to_be_visible()
    page.goto(f"/kundorder/{draft.pk}/rader/")
    count = Counter(page)
    article = page.get_by_label("Artikelnummer")
    expect(article).to_be_focused()
    page.keyboard.type("34305")
    page.keyboard.press("Enter")

    choice = page.get_by_role("group", name="Utgående produkt som alternativ för 34305")
    proposed = choice.get_by_label("Välj 10968")
    expect(proposed).to_be_checked()
    expect(proposed).to_be_focused()
    expect(choice).to_contain_text(
        "Ditt val innebär ett nyinköp och ett senare leveransdatum."
    )
    page.keyboard.press("Tab")
    expect(
        choice.get_by_role("button", name="Verkställ valet för 34305")
    ).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
    expect(choice).to_have_count(0)
    lines = page.get_by_role("table", name="Orderrader på beställningen")
    expect(lines.get_by_role("row", name=re.compile("10968"))).to_contain_text(
        "Duschstol äldre"
    )
    expect(article).to_be_focused()
    return count.page_loads


def test_with_javascript_the_alternative_is_chosen_in_place(
    page, draft, assert_accessible
):
    assert choose_an_alternative_with_the_keyboard(page, draft) == 0
    assert_accessible(page)


def test_without_javascript_the_alternative_is_chosen_with_page_loads(
    browser, live_server, draft
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()

    assert choose_an_alternative_with_the_keyboard(page, draft) == 2
    context.close()


def test_markera_alla_ticks_the_rows_of_a_table_swapped_in(page, draft):
    add_two_lines(page, draft)

    page.get_by_label("Ta bort: markera alla").check()

    for number in ["17940", "17950"]:
        expect(page.get_by_label(f"Ta bort {number}")).to_be_checked()
    page.get_by_label("Ta bort 17940").uncheck()
    expect(page.get_by_label("Ta bort: markera alla")).not_to_be_checked()

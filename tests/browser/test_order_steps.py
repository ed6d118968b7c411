"""Beställa hjälpmedel steps 1–3 and the alternatives in a real browser:
axe-clean with and without errors, Enter adds a line, "markera alla" works
without JavaScript, and the F-06 choice is taken under its line."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import confirm_care_relationship, heading, submit_login
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
    PersonFactory,
    ReplacementFactory,
    StockBalanceFactory,
    UserFactory,
)


@pytest.fixture
def prescriber(transactional_db):
    PersonFactory(personnummer="194001012386", first_name="Karin", last_name="Berg")
    ArticleFactory(article_no="17940", name="Rollator Cross 6")
    link = ReplacementFactory(
        new__article_no="34305", new__name="Duschpall ny", old__article_no="10968"
    )
    StockBalanceFactory(article=link.old, on_hand=3)
    return UserFactory(customers=[CustomerFactory()])


def test_order_lines_from_recipient_to_alternatives(
    page, prescriber, assert_accessible
):
    page.goto("/konto/logga-in/")
    submit_login(page, prescriber.username)
    page.goto("/kundorder/ny/")
    expect(heading(page, "Beställa hjälpmedel")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^\s*Personnummer")).fill("19400101-2386")
    page.get_by_role("button", name="Fortsätt").click()
    # A new patient: the care relationship is confirmed, then the recipient
    # is shown with Fortsätt.
    confirm_care_relationship(page, "Ny patient – förskrivning")
    expect(heading(page, "Beställa hjälpmedel")).to_be_visible()
    expect(page.get_by_text("Karin Berg")).to_be_visible()
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Orderrader")).to_be_visible()
    expect(page.get_by_text("Karin Berg")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Artikelnummer").fill("17940")
    page.get_by_label("Antal", exact=True).fill("0")
    page.get_by_label("Antal", exact=True).press("Enter")
    expect(
        page.get_by_text("Antal ska vara ett heltal från 1 till 999.")
    ).to_be_visible()
    expect(page.get_by_label("Artikelnummer")).to_have_value("17940")
    assert_accessible(page)

    page.get_by_label("Antal", exact=True).fill("2")
    page.get_by_label("Antal", exact=True).press("Enter")
    expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
    lines = page.get_by_role("table", name="Orderrader på beställningen")
    expect(lines.get_by_role("row", name=re.compile("17940"))).to_contain_text(
        "Rollator Cross 6"
    )
    expect(page.get_by_label("Antal 17940")).to_have_value("2")
    assert_accessible(page)

    page.get_by_label("Artikelnummer").fill("34305")
    page.get_by_label("Artikelnummer").press("Enter")
    choice = page.get_by_role("group", name="Utgående produkt som alternativ för 34305")
    expect(choice.get_by_label("Välj 10968")).to_be_checked()
    expect(choice.get_by_label("Välj 10968")).to_be_focused()
    assert_accessible(page)
    choice.get_by_label("Välj 34305").check()
    choice.get_by_role("button", name="Verkställ valet för 34305").click()
    expect(page.get_by_role("status")).to_have_text(
        "Orderraderna är sparade. "
        "Ditt val innebär ett nyinköp och ett senare leveransdatum."
    )
    expect(choice).to_have_count(0)
    expect(lines.get_by_role("row", name=re.compile("34305"))).to_contain_text(
        "Duschpall ny"
    )
    expect(page.get_by_label("Artikelnummer")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Ta bort: markera alla").check()
    page.get_by_role("button", name="Spara ändringar").first.click()
    expect(page.get_by_text("Beställningen har inga orderrader än.")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def draft_of_two(transactional_db):
    order = DraftOrderFactory(prescriber=UserFactory(customers=[CustomerFactory()]))
    for number in ["17940", "17941"]:
        OrderLineFactory(order=order, article__article_no=number)
    return order


def test_ta_bort_markera_alla_ticks_every_row(page, draft_of_two, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, draft_of_two.prescriber.username)
    page.goto(f"/kundorder/{draft_of_two.pk}/rader/")
    rows = [page.get_by_label("Ta bort 17940"), page.get_by_label("Ta bort 17941")]

    page.get_by_label("Ta bort: markera alla").check()
    for row in rows:
        expect(row).to_be_checked()
    assert_accessible(page)

    # Unticking a row unticks the header box, so only the ticked rows go.
    rows[0].uncheck()
    expect(page.get_by_label("Ta bort: markera alla")).not_to_be_checked()
    page.get_by_role("button", name="Spara ändringar").first.click()
    expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
    expect(page.get_by_label("Ta bort 17940")).to_be_visible()
    expect(page.get_by_label("Ta bort 17941")).to_have_count(0)

"""Beställningsmallar in a real browser, the manual's way: create a
template, add rows (a bad one answered and kept), then in a care unit's
order use Beställningsmall, change a quantity, untick a row and Beställ;
remove the rows and delete the template. axe-clean on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, log_in
from tests.factories import ArticleFactory, CustomerFactory, DraftOrderFactory


@pytest.fixture
def articles(transactional_db):
    ArticleFactory(article_no="17940", name="Rollator Cross 6")
    ArticleFactory(article_no="20696", name="Duschpall")


def test_create_a_template_and_order_from_it_for_a_care_unit(
    page, articles, assert_accessible
):
    unit = CustomerFactory(name="Avdelning 5")
    user = log_in(page, customers=[unit])
    page.goto("/kundorder/")
    page.get_by_role("link", name="Visa beställningsmallar").click()
    expect(heading(page, "Beställningsmallar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny beställningsmall").click()
    expect(page.get_by_text("500")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Namn på mallen")).fill("Förrådet")
    page.get_by_role("button", name="Skapa beställningsmall").click()
    expect(heading(page, "Beställningsmall Förrådet")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Artikelnummer").fill("99999")
    page.get_by_role("button", name="Lägg till").click()
    expect(
        page.get_by_text("Det finns ingen artikel med artikelnummer 99999.")
    ).to_be_visible()
    expect(page.get_by_label("Artikelnummer")).to_have_value("99999")
    assert_accessible(page)
    for number, quantity in [("17940", "2"), ("20696", "3")]:
        page.get_by_label("Artikelnummer").fill(number)
        page.get_by_label("Antal", exact=True).fill(quantity)
        page.get_by_role("button", name="Lägg till").click()
        expect(page.get_by_text("Beställningsmallen är sparad.")).to_be_visible()
    expect(page.get_by_label("Antal 20696")).to_have_value("3")
    expect(page.get_by_role("button", name="Ta bort beställningsmall")).to_have_count(0)
    assert_accessible(page)

    draft = DraftOrderFactory(prescriber=user, person=None, care_unit=unit)
    page.goto(f"/kundorder/{draft.pk}/rader/")
    page.get_by_role("link", name="Beställningsmall").click()
    expect(heading(page, "Beställningsmall")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Förrådet").click()
    expect(heading(page, "Beställ från mallen Förrådet")).to_be_visible()
    expect(page.get_by_label("Beställ 17940")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Antal 17940").fill("4")
    page.get_by_label("Beställ 20696").uncheck()
    page.get_by_role("button", name="Beställ", exact=True).click()

    expect(heading(page, "Orderrader")).to_be_visible()
    expect(
        page.get_by_text("Artikel 17940 är tillagd på beställningen.")
    ).to_be_visible()
    expect(page.get_by_label("Antal 17940")).to_have_value("4")
    expect(page.get_by_label("Antal 20696")).to_have_count(0)
    assert_accessible(page)

    page.goto("/kundorder/mallar/")
    page.get_by_role("link", name="Förrådet").click()
    page.get_by_label("Ta bort 17940").check()
    page.get_by_label("Ta bort 20696").check()
    page.get_by_role("button", name="Verkställ").click()
    page.get_by_role("button", name="Ta bort beställningsmall").click()
    expect(heading(page, "Beställningsmallar")).to_be_visible()
    expect(
        page.get_by_text("Beställningsmallen Förrådet är borttagen.")
    ).to_be_visible()
    assert_accessible(page)

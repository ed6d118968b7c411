"""A prescriber finds articles in a real browser: Sök artikel by name,
ticking two and pressing Beställ, the article page, and Varukatalog down to
a 6-digit ISO class. Every page visited is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import IsoClass
from tests.browser.helpers import heading, log_in
from tests.factories import ArticleFactory
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse


@pytest.fixture
def catalogue(transactional_db):
    # After a live-server test's flush, warehouse.apps recreates the
    # warehouses as migrating did.
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    classes = {
        code: IsoClass.objects.create(code=code, title=title)
        for code, title in [
            ("12", "Hjälpmedel för förflyttning"),
            ("1206", "Gånghjälpmedel"),
            ("120606", "Rollatorer"),
        ]
    }
    for number, name, on_hand in [
        ("17940", "Rollator, 4-hjulig", 12),
        ("17941", "Rollator, 3-hjulig", 1),
        ("17942", "Rollatorbricka", 0),
    ]:
        article = ArticleFactory(
            article_no=number,
            name=name,
            iso_class=classes["120606"],
            lead_time_days=8,
        )
        StockBalance.objects.create(
            warehouse=main, article=article, on_hand=on_hand, safety_stock=2
        )


def test_search_order_and_browse_the_catalogue(page, catalogue, assert_accessible):
    log_in(page)
    menu = page.get_by_role("navigation", name="Meny")

    menu.get_by_role("link", name="Sök artikel").click()
    expect(heading(page, "Sök artikel")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Benämning").fill("hjul rollator")
    page.get_by_role("button", name="Sök").click()
    results = page.get_by_role("table", name="Artiklar som matchar sökvillkoren")
    expect(results.get_by_role("row")).to_have_count(3)
    expect(results.get_by_role("row", name=re.compile("17940"))).to_contain_text(
        "I lager"
    )
    expect(results.get_by_role("row", name=re.compile("17941"))).to_contain_text(
        "Få kvar"
    )
    expect(page.get_by_label("Benämning")).to_have_value("hjul rollator")
    assert_accessible(page)

    page.get_by_label("Välj 17940", exact=True).check()
    page.get_by_label("Välj 17941", exact=True).check()
    page.get_by_role("button", name="Beställ").click()
    # Without an order yet, the recipient comes first; the articles wait.
    expect(heading(page, "Beställa hjälpmedel")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Välj mottagare först.")
    expect(
        page.get_by_text("Artiklarna 17940, 17941 läggs till på beställningen")
    ).to_be_visible()
    assert_accessible(page)
    # Back on the same search, its criteria kept.
    page.go_back()
    expect(page.get_by_label("Benämning")).to_have_value("hjul rollator")
    assert_accessible(page)

    page.get_by_role("link", name="17940", exact=True).click()
    expect(heading(page, "17940 Rollator, 4-hjulig")).to_be_visible()
    expect(page.get_by_role("button", name="Beställ")).to_be_visible()
    assert_accessible(page)

    menu.get_by_role("link", name="Varukatalog").click()
    expect(heading(page, "Varukatalog")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hjälpmedel för förflyttning").click()
    expect(heading(page, "12 Hjälpmedel för förflyttning")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gånghjälpmedel").click()
    expect(heading(page, "12 06 Gånghjälpmedel")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rollatorer").click()
    expect(heading(page, "12 06 06 Rollatorer")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("17942"))).to_contain_text(
        "Slut i lager – levereras från leverantör, leveranstid 8 arbetsdagar"
    )
    assert_accessible(page)

    breadcrumbs = page.get_by_role("navigation", name="Du är här")
    breadcrumbs.get_by_role("link", name="12 Hjälpmedel för förflyttning").click()
    expect(heading(page, "12 Hjälpmedel för förflyttning")).to_be_visible()

"""A prescriber looks up a patient's aids in a real browser: Hjälpmedel, a
search by personnummer, the list, the door code saved, one aid's ordination
and the returned aids. Every page visited is checked with axe-core, and the
personnummer never reaches the address bar."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, log_in
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
)

PERSONNUMMER = "194001012386"


@pytest.fixture
def customer(transactional_db):
    return CustomerFactory()


@pytest.fixture
def patient(customer):
    """A patient with aids ordered through `customer`: its prescribers have a
    care relationship."""
    person = PersonFactory(
        personnummer=PERSONNUMMER, first_name="Karin", last_name="Berg"
    )
    wheelchair = ArticleFactory(
        article_no="17940", name="Rullstol, manuell", individually_marked=True
    )
    HoldingFactory(
        person=person,
        article=wheelchair,
        individual=IndividualFactory(individual_no="I700001", article=wheelchair),
        order_number="25120001",
        ordered_on=date(2025, 3, 17),
        customer=customer,
    )
    HoldingFactory(
        person=person,
        article=ArticleFactory(article_no="17941", name="Rollatorbricka"),
        returned_on=date(2025, 6, 1),
    )
    return person


def assert_no_personnummer(page):
    assert PERSONNUMMER not in page.url and PERSONNUMMER[2:] not in page.url


def test_search_a_patient_see_the_aids_and_save_the_door_code(
    page, patient, customer, assert_accessible
):
    log_in(page, customers=[customer])
    page.get_by_role("navigation", name="Meny").get_by_role(
        "link", name="Hjälpmedel"
    ).click()
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    assert_accessible(page)

    # A wrong check digit is answered next to the field, what was typed kept.
    page.get_by_label("Personnummer").fill("400101-2387")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("kontrollsiffran stämmer inte")).to_be_visible()
    expect(page.get_by_label("Personnummer")).to_have_value("400101-2387")
    assert_accessible(page)

    page.get_by_label("Personnummer").fill("400101-2386")
    page.get_by_role("button", name="Sök").click()
    aids = page.get_by_role("table", name="Hjälpmedel som mottagaren har")
    expect(aids.get_by_role("row")).to_have_count(2)
    expect(aids.get_by_role("row", name=re.compile("17940"))).to_contain_text("I700001")
    assert_no_personnummer(page)
    assert_accessible(page)

    page.get_by_role("link", name="Karin Berg").click()
    expect(heading(page, "Mottagarens uppgifter")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Portkod").fill("4711")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Mottagarens uppgifter är sparade."
    )
    expect(page.get_by_text("4711")).to_be_visible()
    assert_no_personnummer(page)
    assert_accessible(page)

    page.get_by_role("link", name="17940", exact=True).click()
    expect(heading(page, "17940 Rullstol, manuell")).to_be_visible()
    expect(page.get_by_text("25120001")).to_be_visible()
    assert_no_personnummer(page)
    assert_accessible(page)

    page.get_by_role("link", name="Tillbaka till hjälpmedlen").click()
    page.get_by_role("link", name="Återlämnade hjälpmedel").click()
    expect(heading(page, "Återlämnade hjälpmedel")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("17941"))).to_contain_text(
        "2025-06-01"
    )
    assert_no_personnummer(page)
    assert_accessible(page)

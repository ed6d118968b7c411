"""The local store 402 in a real browser (F-11): a prescriber of a customer
linked to the store withdraws a rollator for a patient, choosing its unit
from those on the shelf, and borrows a shower stool into a basket from the
menu's Varukorg without a personnummer. Every page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from aids.choices import IndividualLocation
from aids.models import Individual
from tests.browser.helpers import heading, log_in
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    StockBalanceFactory,
)
from warehouse.models import LocalStoreCustomer, StockBalance, Warehouse


@pytest.fixture
def data(transactional_db):
    store = Warehouse.objects.get(code="402")
    customer = CustomerFactory(kundid="60101", name="Region NUS")
    LocalStoreCustomer.objects.create(warehouse=store, customer=customer)
    person = PersonFactory(first_name="Karin", last_name="Berg")
    HoldingFactory(person=person, customer=customer)
    rollator = ArticleFactory(
        article_no="11111", name="Rollator Cross", individually_marked=True
    )
    StockBalanceFactory(warehouse=store, article=rollator, on_hand=2)
    for number in ("R-1", "R-2"):
        IndividualFactory(individual_no=number, article=rollator, warehouse=store)
    stool = ArticleFactory(article_no="22222", name="Duschpall")
    StockBalanceFactory(warehouse=store, article=stool, on_hand=5)
    return {"customer": customer, "person": person, "store": store, "stool": stool}


def test_a_withdrawal_and_a_basket_from_store_402(page, data, assert_accessible):
    log_in(page, customers=[data["customer"]])

    page.get_by_role("link", name="Kundorder").click()
    page.get_by_role("link", name="Ny beställning").click()
    expect(heading(page, "Beställa hjälpmedel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uttag ur eget förråd").check()
    page.get_by_label("Personnummer").fill(data["person"].personnummer)
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Orderrader")).to_be_visible()
    expect(page.get_by_text("Uttag ur eget förråd 402 NUS Umeå")).to_be_visible()
    page.get_by_label("Artikelnummer").fill("11111")
    page.get_by_role("button", name="Spara ändringar").click()
    page.get_by_label("Individnummer 11111").fill("R-9")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(
        page.get_by_text("Individ R-9 av artikel 11111 finns inte i förråd 402.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Individnummer 11111").fill("R-2")
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Leverans")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verkställ").click()
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    expect(page.get_by_role("cell", name="R-2")).to_be_visible()
    assert_accessible(page)
    assert Individual.objects.get(individual_no="R-2").location == (
        IndividualLocation.AT_RECIPIENT
    )

    page.get_by_role("link", name="Varukorg").click()
    expect(page.get_by_label("Artiklar i varukorg")).to_be_checked()
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Orderrader")).to_be_visible()
    page.get_by_label("Artikelnummer").fill("22222")
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Leverans")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verkställ").click()

    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    expect(
        page.get_by_text("Under låneperioden är hjälpmedlen registrerade på dig")
    ).to_be_visible()
    assert_accessible(page)
    stool = StockBalance.objects.get(warehouse=data["store"], article=data["stool"])
    assert (stool.on_hand, stool.reserved) == (5, 1)

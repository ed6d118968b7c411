"""The manual's basket loan end to end, borrowed and settled in the browser
by a prescriber of a unit that takes from NUS 402: two rollators and a
shower stool with its patient fee go into a basket from the menu's
Varukorg, without a personnummer; one rollator goes to the first patient
and the other back to the store, the stool and its fee to the second (the
fee paid by the patient). The article page's status at 402 follows the
stock: in stock, empty while borrowed, in stock again once one is back.
Every page axe-clean."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from aids.models import Holding
from catalog.choices import ArticleType
from orders.choices import OrderKind, OrderStatus
from orders.models import Order
from tests.browser.helpers import heading, log_in
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    StockBalanceFactory,
)
from warehouse.models import LocalStoreCustomer, StockBalance, Warehouse


@pytest.fixture
def unit(transactional_db):
    """Region NUS's customer, which takes from 402, two of its patients, and
    what 402 keeps."""
    store = Warehouse.objects.get(code="402")
    customer = CustomerFactory(kundid="60101", name="NUS Arbetsterapi")
    LocalStoreCustomer.objects.create(warehouse=store, customer=customer)
    rollator = ArticleFactory(article_no="20003", name="Rollator Olympos")
    StockBalanceFactory(warehouse=store, article=rollator, on_hand=2)
    stool = ArticleFactory(article_no="20696", name="Duschpall Swift")
    StockBalanceFactory(warehouse=store, article=stool, on_hand=3)
    ArticleFactory(
        article_no="29001",
        name="Egenavgift duschpall",
        article_type=ArticleType.PATIENT_FEE,
    )
    patients = [
        HoldingFactory(customer=customer, person__first_name=name).person
        for name in ("Karin", "Olle")
    ]
    return customer, store, rollator, stool, patients


def status_at_402(page, checked):
    """The rollator's page: its status at 402."""
    page.goto(reverse("article_detail", args=["20003"]))
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="402"))
    expect(row).to_contain_text(checked)


def test_the_manuals_basket_is_borrowed_and_settled(page, unit, assert_accessible):
    customer, store, rollator, stool, (karin, olle) = unit
    log_in(page, customers=[customer])
    status_at_402(page, "I lager")

    page.get_by_role("link", name="Varukorg").click()
    expect(page.get_by_label("Artiklar i varukorg")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Orderrader")).to_be_visible()
    page.get_by_label("Artikelnummer").fill("20003 20003 20696 29001")
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Leverans")).to_be_visible()
    page.get_by_role("button", name="Verkställ").click()
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    assert_accessible(page)
    basket = Order.objects.get(kind=OrderKind.BASKET)
    assert basket.lines.count() == 4
    status_at_402(page, "Slut i lager")

    page.goto("/")
    page.get_by_role("link", name="Du har 1 öppen varukorgsbeställning").click()
    page.get_by_role("link", name=basket.number).click()
    expect(heading(page, f"Varukorg {basket.number}")).to_be_visible()
    page.get_by_label("Personnummer").fill(karin.personnummer)
    page.get_by_role("button", name="Visa mottagare").click()
    expect(page.get_by_text(str(karin))).to_be_visible()
    page.get_by_label("Leverans rad 1").check()
    page.get_by_label("Ta bort rad 2").check()
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_text(f"Levererat till {karin}")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Personnummer").fill(olle.personnummer)
    page.get_by_role("button", name="Visa mottagare").click()
    expect(page.get_by_text("Betalare: brukaren")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Leverans rad 3").check()
    page.get_by_label("Leverans rad 4").check()
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_text("har inga öppna rader kvar och är stängd")).to_be_visible()

    status_at_402(page, "I lager")
    balances = {
        b.article_id: (b.on_hand, b.reserved)
        for b in StockBalance.objects.filter(warehouse=store)
    }
    assert balances == {rollator.pk: (1, 0), stool.pk: (2, 0)}
    basket.refresh_from_db()
    assert basket.status == OrderStatus.DELIVERED
    assert Holding.objects.get(person=karin, article=rollator).payer == (
        customer.default_payer
    )
    fee = Holding.objects.get(person=olle, article__article_no="29001")
    assert (fee.patient_pays, fee.payer) == (True, None)

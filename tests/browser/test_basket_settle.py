"""The manual's basket example, settled in a real browser: two rollators and
a shower stool with its fee borrowed into a basket; one rollator goes to
the first patient and the other back to the store, the stool and its fee
to the second patient (the fee paid by the patient). Every page axe-clean,
the refusals too."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aids.models import Holding
from orders.choices import OrderStatus
from orders.models import Order
from tests.browser.helpers import heading, submit_login
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    UserFactory,
)
from tests.orders.basket_helpers import basket, patient_fee, rollator, stocked, store
from warehouse.models import StockBalance


@pytest.fixture
def loan(transactional_db):
    customer = CustomerFactory()
    prescriber = UserFactory(customers=[customer])
    walker = rollator()
    stool = ArticleFactory(name="Duschpall")
    stocked(stool)
    order = basket(prescriber, [walker, walker, stool, patient_fee()])
    # Past its due date, as when the prescriber comes back to it.
    Order.objects.filter(pk=order.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    first = HoldingFactory(customer=customer, person__first_name="Karin").person
    second = HoldingFactory(customer=customer, person__first_name="Olle").person
    return order, prescriber, walker, stool, first, second


def on_hand(article):
    balance = StockBalance.objects.get(warehouse=store(), article=article)
    return balance.on_hand, balance.reserved


def test_a_basket_is_settled_for_two_patients_and_returned(
    page, loan, assert_accessible
):
    order, prescriber, walker, stool, first, second = loan
    assert on_hand(walker) == (5, 2)
    page.goto("/konto/logga-in/")
    submit_login(page, prescriber.username)

    page.get_by_role("link", name="Du har 1 öppen varukorgsbeställning").click()
    expect(heading(page, "Öppna varukorgsbeställningar")).to_be_visible()
    expect(page.get_by_text("Försenad")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=order.number).click()
    expect(heading(page, f"Varukorg {order.number}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_role("alert")).to_contain_text("Markera Leverans eller Ta bort")
    page.get_by_label("Personnummer").fill("19400101-0001")
    page.get_by_role("button", name="Visa mottagare").click()
    expect(page.locator("#id_personnummer")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("Personnummer").fill(first.personnummer)
    page.get_by_role("button", name="Visa mottagare").click()
    expect(page.get_by_text(f"Karin {first.last_name}")).to_be_visible()
    page.get_by_label("Leverans rad 1").check()
    page.get_by_label("Ta bort rad 2").check()
    assert_accessible(page)
    page.get_by_role("button", name="Verkställ").click()

    expect(page.get_by_text(f"Levererat till Karin {first.last_name}")).to_be_visible()
    expect(page.get_by_text("Återlämnat till förråd 402")).to_be_visible()
    assert_accessible(page)
    assert on_hand(walker) == (4, 0)

    page.get_by_label("Personnummer").fill(second.personnummer)
    page.get_by_role("button", name="Visa mottagare").click()
    expect(page.get_by_text("Betalare: brukaren")).to_be_visible()
    page.get_by_label("Leverans rad 3").check()
    page.get_by_label("Leverans rad 4").check()
    page.get_by_role("button", name="Verkställ").click()

    expect(heading(page, "Öppna varukorgsbeställningar")).to_be_visible()
    expect(page.get_by_text("har inga öppna rader kvar och är stängd")).to_be_visible()
    expect(
        page.get_by_text("Du har inga öppna varukorgsbeställningar.")
    ).to_be_visible()
    assert_accessible(page)
    assert on_hand(stool) == (4, 0)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    fee = Holding.objects.get(person=second, patient_pays=True)
    assert fee.payer is None

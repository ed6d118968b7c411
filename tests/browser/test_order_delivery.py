"""The Leverans step in a real browser: axe-clean with and without errors,
Kopiera shown by the script and copying the journal text, a one-off address
refused until complete, and Enter in a field executing the order."""

import re

import pytest
from playwright.sync_api import expect

from orders.choices import OrderStatus
from orders.models import Order
from tests.browser.helpers import heading, submit_login
from tests.factories import (
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
    StockBalanceFactory,
    UserFactory,
)


@pytest.fixture
def order(transactional_db):
    prescriber = UserFactory(customers=[CustomerFactory()])
    order = DraftOrderFactory(prescriber=prescriber)
    line = OrderLineFactory(order=order, article__name="Rollator, 4 hjul")
    StockBalanceFactory(article=line.article, on_hand=5)
    return order


def test_fill_in_delivery_copy_the_journal_text_and_execute_with_enter(
    page, context, order, assert_accessible
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.goto(f"/kundorder/{order.pk}/leverans/")
    expect(heading(page, "Leverans")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Kopiera").click()
    expect(page.get_by_text("Texten är kopierad.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Rollator, 4 hjul, 1 st" in copied

    page.get_by_label("Annan adress (gäller bara denna order)").check()
    page.get_by_label("Namn/c/o").fill("c/o Lind")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Ange gatuadress för den andra adressen.")).to_be_visible()
    expect(page.get_by_label("Namn/c/o")).to_have_value("c/o Lind")
    assert_accessible(page)

    page.get_by_label("Gatuadress").fill("Sommarvägen 4")
    page.get_by_label("Postnummer").fill("93132")
    page.get_by_label("Ort", exact=True).fill("Skellefteå")
    page.get_by_label("Portkod").press("Enter")

    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    assert re.search(r"/kundorder/[0-9a-f-]{36}/bekraftelse/$", page.url)
    order = Order.objects.get(pk=order.pk)
    assert order.status == OrderStatus.REGISTERED
    assert order.address == "c/o Lind, Sommarvägen 4, 931 32 Skellefteå"

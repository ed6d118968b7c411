"""After Verkställ in a real browser: the confirmation, its PDF link and the
order page are axe-clean, the confirmation prints without the menu and the
links, and Makulera order cancels the order once the second page is
answered Ja; the cancelled order offers no Bifoga fil."""

import pytest
from playwright.sync_api import expect

from orders.choices import LineStatus, OrderStatus
from orders.models import Order
from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, UserFactory
from tests.orders.placed_helpers import placed_order


@pytest.fixture
def order(transactional_db):
    return placed_order(UserFactory(customers=[CustomerFactory()]), lines=2)


def test_confirmation_prints_and_the_order_is_cancelled_from_its_page(
    page, order, assert_accessible
):
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.goto(f"/kundorder/{order.pk}/bekraftelse/")
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    expect(page.get_by_role("button", name="Skriv ut").first).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Öppna som PDF")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Meny")).to_be_hidden()
    expect(page.get_by_text(order.number).first).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Till ordern").click()
    expect(heading(page, f"Kundorder {order.number}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Makulera order").click()

    expect(heading(page, "Makulera order")).to_be_visible()
    expect(page.get_by_text(f"Vill du makulera order {order.number}?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nej").click()
    expect(heading(page, f"Kundorder {order.number}")).to_be_visible()
    page.get_by_role("link", name="Makulera order").click()
    page.get_by_role("button", name="Ja").click()

    expect(page.get_by_text("Ordern är makulerad.")).to_be_visible()
    expect(page.get_by_text("Alla orderrader är makulerade.")).to_be_visible()
    expect(page.get_by_role("link", name="Makulera order")).to_have_count(0)
    expect(page.get_by_label("Bifoga fil")).to_have_count(0)
    assert_accessible(page)


def test_the_order_index_is_accessible(page, order, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.get_by_role("link", name="Kundorder").click()
    expect(heading(page, "Kundorder")).to_be_visible()
    page.get_by_label("Ordernummer").fill(order.number[:4])
    page.get_by_role("button", name="Sök", exact=True).click()

    hits = page.get_by_role("table", name="Hittade kundorder")
    expect(hits.get_by_role("link", name=order.number)).to_be_visible()
    assert_accessible(page)


def test_open_and_delivered_orders_with_a_period(page, order, assert_accessible):
    done = placed_order(order.prescriber)
    done.lines.update(status=LineStatus.DELIVERED)
    Order.objects.filter(pk=done.pk).update(status=OrderStatus.DELIVERED)
    page.goto("/konto/logga-in/")
    submit_login(page, order.prescriber.username)
    page.get_by_role("link", name="Kundorder").click()

    open_orders = page.get_by_role("table", name="Dina order som inte är helt")
    expect(open_orders.get_by_role("link", name=order.number)).to_be_visible()
    expect(open_orders.get_by_role("row").nth(1)).to_contain_text("0 av 2")
    delivered = page.get_by_role("table", name="Dina levererade order")
    expect(delivered.get_by_role("link", name=done.number)).to_be_visible()
    expect(delivered.get_by_role("row").nth(1)).to_contain_text("1 av 1")
    assert_accessible(page)

    page.get_by_label("Till och med").fill("2000-01-01")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_label("Till och med")).to_have_accessible_description(
        "Periodens sista dag kan inte vara före den första."
    )
    assert_accessible(page)

"""Översikt on the start page in a real browser: customer service moves an
order's delivery date while the prescriber is away; at the next login the
start page says so, and the line leads through the message to the order.
Checked with axe-core."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, UserFactory
from tests.orders.admin_helpers import registered_order
from tests.websesam.overview_helpers import at, new_delivery_date


def test_a_moved_delivery_date_is_told_at_the_next_login(
    page, transactional_db, time_machine, assert_accessible
):
    at(time_machine, date(2026, 3, 4))
    user = UserFactory(
        customers=[CustomerFactory()],
        last_login=datetime(2026, 3, 2, 16, tzinfo=ZoneInfo("Europe/Stockholm")),
    )
    order = registered_order(user)
    new_delivery_date(order, UserFactory(is_staff=True), day=date(2026, 3, 20))

    page.goto("/konto/logga-in/")
    submit_login(page, user.username)
    overview = page.get_by_role("region", name="Översikt")
    line = overview.get_by_role(
        "link", name="Order med ändrat leveransdatum sedan senaste inloggningen: 1"
    )
    expect(line).to_be_visible()
    assert_accessible(page)

    line.click()
    messages = page.get_by_role("region", name="Personliga meddelanden")
    expect(messages).to_contain_text(f"Nytt leveransdatum för order {order.number}")
    messages.get_by_role("link", name=f"Visa {order.number}").click()
    expect(heading(page, f"Kundorder {order.number}")).to_be_visible()
    expect(page.get_by_role("cell", name="2026-03-20")).to_be_visible()
    assert_accessible(page)

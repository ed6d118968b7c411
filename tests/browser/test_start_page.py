"""The start page as a prescriber with an unfinished order sees it: the
notice with its link "Påbörjade beställningar" is checked with axe-core
(issue 10, point 25: the link's contrast was 3.85:1)."""

from playwright.sync_api import expect

from tests.browser.helpers import heading, log_in
from tests.factories import CustomerFactory, DraftOrderFactory


def test_the_start_page_with_a_draft_is_accessible_and_leads_to_it(
    page, assert_accessible
):
    user = log_in(page)
    user.customers.add(CustomerFactory())
    DraftOrderFactory(prescriber=user)

    page.goto("/")
    link = page.get_by_role("link", name="Påbörjade beställningar")
    expect(link).to_be_visible()
    assert_accessible(page)

    link.click()
    expect(heading(page, "Kundorder")).to_be_visible()
    assert_accessible(page)

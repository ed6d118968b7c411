"""The header's language switch in a real browser (whose own language,
en-US, the pages ignore): English from the login page on, kept on the
account, back to Swedish; each state checked with axe-core."""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.browser.helpers import heading
from tests.factories import PASSWORD, CustomerFactory, UserFactory


def test_a_prescriber_reads_websesam_in_english_and_back(page, assert_accessible):
    UserFactory(username="karin.lund", customers=[CustomerFactory()])
    page.goto("/konto/logga-in/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page, "Log in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username").fill("karin.lund")
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(heading(page, "Start page")).to_be_visible()
    assert User.objects.get(username="karin.lund").language == ""
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Your details"
    ).click()
    expect(heading(page, "Your details")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Svenska").click()

    expect(heading(page, "Dina uppgifter")).to_be_visible()
    assert User.objects.get(username="karin.lund").language == "sv"
    assert_accessible(page)

"""Ansök om behörighet in a real browser: from the login page, the form
with the customer search as one types (htmx), and the manager's link.
Every page is checked with axe-core (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from access_requests.choices import RequestStatus
from access_requests.models import AccessRequest
from tests.browser.helpers import heading
from tests.factories import CustomerFactory


@pytest.fixture(autouse=True)
def links_point_to_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


def field(page, label):
    # Anchored: crispy's "*" and whitespace surround the label text.
    return page.get_by_label(re.compile(rf"^\s*{label}"))


def test_apply_from_the_login_page_and_the_manager_approves(
    page, live_server, mailoutbox, assert_accessible, page_errors
):
    CustomerFactory(kundid="24001", name="Hemtjänst Ålidhem")
    CustomerFactory(kundid="24002", name="Hemsjukvård Holmsund")

    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Ansök om behörighet").click()
    expect(heading(page, "Ansök om behörighet")).to_be_visible()
    assert_accessible(page)

    field(page, "Förnamn").fill("Ada")
    field(page, "Efternamn").fill("Lind")
    field(page, "Titel/yrke").fill("Arbetsterapeut")
    field(page, "E-postadress i arbetet").fill("ada.lind@region.se")
    field(page, "Telefon i arbetet").fill("090-785 00 00")
    field(page, "Sök kund").fill("holmsund")
    hit = page.get_by_label("Hemsjukvård Holmsund (24002)")
    expect(hit).to_be_visible()
    hit.check()
    field(page, "Chefens e-postadress").fill("chef@region.se")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka ansökan").click()

    expect(heading(page, "Ansökan är skickad")).to_be_visible()
    assert_accessible(page)
    [mail] = mailoutbox
    assert mail.to == ["chef@region.se"]
    [link] = re.findall(r"https?://\S+/beslut/\S+/", mail.body)

    page.goto(link)
    expect(heading(page, "Ansökan om behörighet")).to_be_visible()
    expect(page.get_by_text("24002 Hemsjukvård Holmsund")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn").click()
    expect(heading(page, "Beslutet är sparat")).to_be_visible()
    assert_accessible(page)
    assert AccessRequest.objects.get().status == RequestStatus.APPROVED

    page.goto(link)
    expect(heading(page, "Länken gäller inte")).to_be_visible()
    # The browser reports the page's status, 410 Gone, as a console error.
    assert [error for error in page_errors if "410" not in error] == []
    page_errors.clear()
    assert_accessible(page)

"""Dina uppgifter in a real browser: from the menu, a phone number refused
and corrected, Verkställ, and a new e-mail address confirmed through the
link mailed to it. Every state is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, PayerFactory, UserFactory


@pytest.fixture(autouse=True)
def links_point_to_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


def test_a_prescriber_keeps_their_details_up_to_date(
    page, live_server, mailoutbox, assert_accessible
):
    customer = CustomerFactory(name="Hemtjänst Ersboda")
    user = UserFactory(
        username="karin.lund",
        first_name="Karin",
        last_name="Lund",
        email="karin.lund@region.se",
        customers=[customer],
    )
    page.goto("/konto/logga-in/")
    submit_login(page, "karin.lund")

    page.get_by_role("navigation", name="Meny").get_by_role(
        "link", name="Dina uppgifter"
    ).click()
    expect(heading(page, "Dina uppgifter")).to_be_visible()
    expect(
        page.get_by_role("row").filter(has_text="Hemtjänst Ersboda")
    ).to_contain_text(customer.default_payer.name)
    assert_accessible(page)

    page.get_by_label("Titel/yrke").fill("Arbetsterapeut")
    page.get_by_label("Mobiltelefon").fill("12")
    page.get_by_role("button", name="Verkställ").click()
    mobile = page.get_by_label("Mobiltelefon")
    expect(mobile).to_have_value("12")
    expect(mobile).to_have_accessible_description(
        re.compile("Ange ett svenskt telefonnummer")
    )
    expect(page.get_by_label("Titel/yrke")).to_have_value("Arbetsterapeut")
    assert_accessible(page)

    mobile.fill("070-123 45 67")
    page.get_by_label("E-postadress").fill("karin.lund@umea.se")
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_role("status")).to_contain_text("Dina uppgifter är sparade.")
    expect(
        page.get_by_text("Väntar på bekräftelse: karin.lund@umea.se")
    ).to_be_visible()
    assert_accessible(page)

    [mail] = mailoutbox
    assert mail.to == ["karin.lund@umea.se"]
    [link] = re.findall(r"https?://\S+", mail.body)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text(
        "Din e-postadress är nu karin.lund@umea.se."
    )
    expect(page.get_by_label("E-postadress")).to_have_value("karin.lund@umea.se")
    assert_accessible(page)

    user.refresh_from_db()
    assert (user.title, user.mobile, user.email) == (
        "Arbetsterapeut",
        "070-123 45 67",
        "karin.lund@umea.se",
    )


def test_a_payer_user_sees_the_payers_whose_invoices_they_see(
    page, live_server, assert_accessible
):
    UserFactory(
        username="eva.strom",
        customers=[CustomerFactory()],
        payers=[PayerFactory(betalarid="71240", name="Vindelns kommun")],
    )
    page.goto("/konto/logga-in/")
    submit_login(page, "eva.strom")

    page.goto("/konto/dina-uppgifter/")

    payers = page.get_by_role("table", name="Betalare vars fakturor du ser")
    expect(payers.get_by_role("row").filter(has_text="71240")).to_contain_text(
        "Vindelns kommun"
    )
    assert_accessible(page)

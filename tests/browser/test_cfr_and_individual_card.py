"""A prescriber searches CFR by name, follows a hit to the patient's aids
through Bekräfta vårdrelation, and opens an individual card from the menu. Every page visited is checked with axe-core,
and no address the browser visits carries a personnummer."""

from datetime import date

import pytest
from playwright.sync_api import expect

from aids.choices import CareReason, HistoryKind, IndividualLocation
from aids.models import CareConfirmation
from tests.browser.helpers import heading, log_in
from tests.factories import (
    HoldingFactory,
    IndividualFactory,
    IndividualHistoryFactory,
    PersonFactory,
)


@pytest.fixture
def register(transactional_db):
    patient = PersonFactory(
        personnummer="194501011235",
        first_name="Åsa",
        last_name="Lindén",
        street="Storgatan 14 B",
        postal_code="903 25",
        city="Umeå",
    )
    PersonFactory(first_name="Åsa", last_name="Lindberg", deceased_on=date(2024, 1, 2))
    PersonFactory(first_name="Erik", last_name="Lindén", protected_identity=True)
    wheelchair = IndividualFactory(
        individual_no="H123456",
        article__article_no="17940",
        article__name="Rullstol Cross",
        location=IndividualLocation.AT_RECIPIENT,
    )
    HoldingFactory(person=patient, article=wheelchair.article, individual=wheelchair)
    IndividualHistoryFactory(
        individual=wheelchair,
        happened_on=date(2024, 3, 4),
        kind=HistoryKind.DELIVERED,
        person=patient,
    )
    return patient


def test_search_cfr_and_open_an_individual_card(page, register, assert_accessible):
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    log_in(page)
    menu = page.get_by_role("navigation", name="Meny")

    menu.get_by_role("link", name="CFR").click()
    expect(heading(page, "CFR")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("Ange minst ett sökvillkor.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Personnummer").fill("19")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("Ange minst 4 siffror av personnumret.")).to_be_visible()
    expect(page.get_by_label("Personnummer")).to_have_value("19")
    assert_accessible(page)

    page.get_by_label("Personnummer").fill("")
    page.get_by_label("Namn", exact=True).fill("asa lind")
    page.get_by_role("button", name="Sök").click()
    hits = page.get_by_role("table", name="Personer som matchar sökvillkoren")
    expect(hits.get_by_role("row")).to_have_count(3)
    expect(hits.get_by_role("row").nth(1)).to_contain_text("Lindberg, Åsa (avliden)")
    expect(hits.get_by_role("row").nth(2)).to_contain_text("Lindén, Åsa")
    expect(hits.get_by_role("row").nth(2)).to_contain_text("19450101-1235")
    expect(hits.get_by_role("row").nth(2)).to_contain_text(
        "Storgatan 14 B, 903 25 Umeå"
    )
    expect(page.get_by_label("Namn", exact=True)).to_have_value("asa lind")
    assert_accessible(page)

    # None of the prescriber's customers has been in contact with her: the
    # care relationship is asked for first, once.
    hits.get_by_role("link", name="Hjälpmedel Åsa Lindén").click()
    expect(heading(page, "Bekräfta vårdrelation")).to_be_visible()
    expect(page.get_by_text("19450101-1235")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vikarierar för ordinarie förskrivare").check()
    page.get_by_role("button", name="Bekräfta och fortsätt").click()
    expect(
        page.get_by_text("Bekräfta att du har en vårdrelation med patienten.")
    ).to_be_visible()
    expect(page.get_by_label("Vikarierar för ordinarie förskrivare")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Jag har en vårdrelation med patienten").check()
    page.get_by_role("button", name="Bekräfta och fortsätt").click()
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    expect(page.get_by_role("link", name="H123456")).to_be_visible()
    assert_accessible(page)
    [confirmation] = CareConfirmation.objects.all()
    assert confirmation.reason == CareReason.STAND_IN

    menu.get_by_role("link", name="Individkort").click()
    expect(heading(page, "Individkort")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Individnummer").fill("H999")
    page.get_by_role("button", name="Sök").click()
    expect(
        page.get_by_text("Det finns ingen individ med individnummer H999.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Individnummer").fill("H123456")
    page.get_by_role("button", name="Sök").click()
    expect(heading(page, "Individkort H123456")).to_be_visible()
    expect(page.get_by_role("link", name="17940", exact=True)).to_be_visible()
    expect(page.get_by_text("Åsa Lindén, 19450101-1235")).to_be_visible()
    history = page.get_by_role("table", name="Individens historik, senaste först")
    expect(history.get_by_role("row").nth(1)).to_contain_text(
        "2024-03-04 Levererad till Åsa Lindén"
    )
    assert_accessible(page)

    page.get_by_role("link", name="17940", exact=True).click()
    expect(heading(page, "17940 Rullstol Cross")).to_be_visible()

    assert not [url for url in visited if "1945" in url or "450101" in url]

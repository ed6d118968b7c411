"""BMB in a real browser: from a patient's aids page the prescriber gives
two aids a new payer (first with errors, kept), reads the receipt, and
finds the new payer on each aid's page; then takes the rollator back to
the unit's own store and hands it out from there to another patient.
Every page visited is checked with axe-core."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, submit_login
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PayerFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def data(transactional_db):
    person = PersonFactory(
        personnummer="194001012386", first_name="Karin", last_name="Berg"
    )
    other = PersonFactory(first_name="Nils", last_name="Ek")
    old_payer = PayerFactory(betalarid="21000", name="Umeå kommun")
    PayerFactory(betalarid="22000", name="Region Västerbotten")
    customer = CustomerFactory(
        kundid="40001", name="Hemtjänst Norr", default_payer=old_payer
    )
    rollator = ArticleFactory(
        article_no="17940", name="Rollator", individually_marked=True
    )
    common = {"person": person, "customer": customer, "payer": old_payer}
    HoldingFactory(
        article=rollator,
        individual=IndividualFactory(article=rollator, individual_no="I800600"),
        delivered_on=date.today().replace(day=1),
        **common,
    )
    HoldingFactory(
        article=ArticleFactory(article_no="12345", name="Griptång"),
        delivered_on=date.today().replace(day=1),
        **common,
    )
    prescriber = UserFactory(customers=[customer])
    return {"person": person, "other": other, "prescriber": prescriber}


def log_in(page, user, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, user.username)
    expect(heading(page, "Startsida")).to_be_visible()
    assert_accessible(page)


def open_bmb(page, person, assert_accessible):
    page.goto(f"/hjalpmedel/{person.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^BMB")).click()
    expect(heading(page, "BMB – byta mottagare/betalare")).to_be_visible()
    assert_accessible(page)


def test_change_payer_for_two_aids_and_see_it_on_the_aids_pages(
    page, data, assert_accessible
):
    person = data["person"]
    log_in(page, data["prescriber"], assert_accessible)
    open_bmb(page, person, assert_accessible)

    # An unknown payer and nothing ticked: both answered, the payer kept.
    page.get_by_label("Byta betalare").check()
    page.get_by_label(re.compile(r"^\s*Ny betalare")).fill("99999")
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_text("Markera minst ett hjälpmedel.")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^\s*Ny betalare"))).to_have_value("99999")
    assert_accessible(page)

    page.get_by_label("Markera alla").check()
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_text(re.compile("Betalare 99999 finns inte"))).to_be_visible()
    expect(page.get_by_label("Välj 17940 Rollator")).to_be_checked()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^\s*Ny betalare")).fill("22000")
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"BMB-nummer B\d{8}"))
    expect(page.get_by_text("22000 Region Västerbotten").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Till mottagarens hjälpmedel").click()
    for number in ("17940", "12345"):
        page.get_by_role("link", name=number, exact=True).click()
        expect(page.get_by_text("22000 Region Västerbotten")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Tillbaka till hjälpmedlen").click()


def test_take_a_rollator_back_to_the_store_and_hand_it_out_again(
    page, data, assert_accessible
):
    person, other = data["person"], data["other"]
    log_in(page, data["prescriber"], assert_accessible)
    open_bmb(page, person, assert_accessible)

    page.get_by_label("Återta till eget förråd").check()
    page.get_by_label(re.compile(r"^\s*Eget förråd")).select_option(
        label="40001 Hemtjänst Norr"
    )
    page.get_by_label("Välj 17940 Rollator").check()
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_role("status")).to_contain_text("BMB-nummer")
    assert_accessible(page)

    page.goto("/hjalpmedel/40001/")
    expect(page.get_by_role("link", name="17940", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^BMB")).click()
    page.get_by_label("Lämna ut från eget förråd till patient").check()
    page.get_by_label(re.compile(r"^\s*Lämna ut till patient")).fill(other.personnummer)
    page.get_by_label("Välj 17940 Rollator").check()
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_role("status")).to_contain_text("BMB-nummer")
    assert_accessible(page)

    page.goto(f"/hjalpmedel/{other.pk}/")
    expect(page.get_by_role("link", name="17940", exact=True)).to_be_visible()
    page.get_by_role("link", name="I800600").click()
    expect(page.get_by_text("BMB").first).to_be_visible()
    assert_accessible(page)

"""A pickup order in a real browser: the prescriber registers one for two
of a patient's aids from the aids page (first with errors, kept), the aids
list marks them; customer service closes it in the admin; the prescriber
sees the message on the start page and the aids among the returned ones.
Every page visited is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from pickups.models import PickupReason
from tests.browser.helpers import heading, submit_login
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    UserFactory,
)

AIDS_CAPTION = "Hjälpmedel som mottagaren har eller har beställt"


@pytest.fixture
def data(transactional_db):
    # Live-server tests empty the database after each test, the reasons
    # that a migration creates included (warehouse.apps recreates only the
    # warehouses).
    PickupReason.objects.get_or_create(name="Behovet upphört")
    person = PersonFactory(
        personnummer="194001012386", first_name="Karin", last_name="Berg"
    )
    wheelchair = ArticleFactory(
        article_no="17950", name="Rullstol Etac", individually_marked=True
    )
    customer = CustomerFactory(kundid="40001", name="Hemtjänst Norr")
    # Ordered through the prescriber's customer: a care relationship.
    HoldingFactory(
        person=person,
        article=wheelchair,
        individual=IndividualFactory(article=wheelchair, individual_no="I800500"),
        customer=customer,
    )
    HoldingFactory(
        person=person, article=ArticleFactory(article_no="17940", name="Rollator")
    )
    HoldingFactory(
        person=person, article=ArticleFactory(article_no="12345", name="Griptång")
    )
    prescriber = UserFactory(customers=[customer])
    UserFactory(username="kundtjanst", is_staff=True, is_superuser=True)
    return {"person": person, "prescriber": prescriber}


def log_in(page, username, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, username)
    expect(heading(page, "Startsida")).to_be_visible()
    assert_accessible(page)


def register_pickup(page, person, assert_accessible):
    page.goto(f"/hjalpmedel/{person.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Hämtorder", exact=True).last.click()
    expect(heading(page, "Hämtorder")).to_be_visible()
    assert_accessible(page)

    # Nothing ticked and the phone removed: both answered, the rest kept.
    page.get_by_label("Instruktioner").fill("Trång hiss")
    page.get_by_label(re.compile(r"^\s*Telefon/mobiltelefon")).fill("")
    page.get_by_role("button", name="Verkställ").click()
    expect(page.get_by_text("Ange telefon- eller mobilnummer.")).to_be_visible()
    expect(page.get_by_text(re.compile("Markera minst ett hjälpmedel"))).to_be_visible()
    expect(page.get_by_label("Instruktioner")).to_have_value("Trång hiss")
    assert_accessible(page)

    page.get_by_label(re.compile(r"^\s*Telefon/mobiltelefon")).fill("070-123 45 67")
    page.get_by_label(re.compile(r"^\s*Orsak")).select_option(label="Behovet upphört")
    # Markera alla ticks every row (JavaScript); one is unticked again.
    page.get_by_label("Markera alla").check()
    page.get_by_label("Hämta 12345 Griptång").uncheck()
    expect(page.get_by_label("Markera alla")).not_to_be_checked()
    expect(page.get_by_label("Hämta 17950 Rullstol Etac")).to_be_checked()
    page.get_by_role("button", name="Verkställ").click()

    expect(heading(page, "Hämtorder registrerad")).to_be_visible()
    assert_accessible(page)
    lead = page.get_by_text(re.compile(r"hämtordernummer H\d{7}")).text_content()
    number = re.search(r"H\d{7}", lead).group()

    page.get_by_role("link", name="Till mottagarens hjälpmedel").click()
    aids = page.get_by_role("table", name=AIDS_CAPTION)
    for article in ("17950", "17940"):
        expect(aids.get_by_role("row", name=re.compile(article))).to_contain_text(
            number
        )
    expect(aids.get_by_role("row", name=re.compile("12345"))).not_to_contain_text(
        number
    )
    assert_accessible(page)
    return number


def close_in_admin(page, number, assert_accessible):
    page.goto("/admin/login/")
    submit_login(page, "kundtjanst")
    page.goto("/admin/pickups/pickuporder/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile(number))
    row.get_by_role("checkbox").check()
    page.get_by_label("Åtgärd:").select_option(label="Stäng (hämtad)")
    page.get_by_role("button", name="Kör").click()
    expect(page.get_by_text(f"Hämtorder {number} är stängd")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_text("I800500")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()


def test_a_pickup_from_the_aids_page_to_returned(page, data, assert_accessible):
    person = data["person"]
    log_in(page, data["prescriber"].username, assert_accessible)
    number = register_pickup(page, person, assert_accessible)
    page.get_by_role("link", name=number).first.click()
    expect(heading(page, f"Hämtorder {number}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Avsluta").click()

    close_in_admin(page, number, assert_accessible)

    log_in(page, data["prescriber"].username, assert_accessible)
    message = page.get_by_role("row", name=re.compile(f"Hämtorder {number} är utförd"))
    expect(message).to_contain_text("Oläst")
    message.get_by_role(
        "link", name=re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
    ).click()
    expect(page.get_by_text(re.compile("är hämtade och återlämnade"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Visa Hämtorder {number}").click()
    expect(heading(page, f"Hämtorder {number}")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Stängd")
    page.goto(f"/hjalpmedel/{person.pk}/aterlamnade/")
    returned = page.get_by_role("main")
    expect(returned.get_by_role("row", name=re.compile("17950"))).to_be_visible()
    expect(returned.get_by_role("row", name=re.compile("17940"))).to_be_visible()
    expect(returned.get_by_role("row", name=re.compile("12345"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Hämtorder", exact=True).first.click()
    expect(heading(page, "Hämtorder")).to_be_visible()
    page.get_by_label("Inkludera stängda").check()
    page.get_by_label("Hämtordernummer").fill(number)
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("row", name=re.compile(number))).to_contain_text("Stängd")
    assert_accessible(page)

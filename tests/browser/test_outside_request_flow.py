"""A request for an article outside the assortment in a real browser, as
the issue tells it: the prescriber finds a bath lift marked "ingår inte i
sortimentet", requests it for a patient with the assessment attached; the
consultant grants it in the admin; the prescriber reads the message and
orders the article for that patient, the case number on the line. Every
page visited is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import OrderLine
from outside_assortment.models import OutsideRequest
from tests.browser.helpers import confirm_care_relationship, heading, submit_login
from tests.factories import ArticleFactory, CustomerFactory, PersonFactory, UserFactory
from tests.orders.upload_files import PDF

PERSONNUMMER = "194001012386"


@pytest.fixture
def data(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(
        personnummer=PERSONNUMMER, first_name="Karin", last_name="Berg"
    )
    ArticleFactory(article_no="55555", name="Badkarslyft Aquatec", in_assortment=False)
    prescriber = UserFactory(
        customers=[CustomerFactory(kundid="40001", name="Hemtjänst Norr")]
    )
    UserFactory(username="kundtjanst", is_staff=True, is_superuser=True)
    return {"person": person, "prescriber": prescriber}


def request_as_prescriber(page, assert_accessible):
    page.goto("/artikel/55555/")
    expect(heading(page, "55555 Badkarslyft Aquatec")).to_be_visible()
    expect(page.get_by_text("Kontakta hjälpmedelskonsulent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Begär artikeln").click()

    expect(heading(page, "Begär artikel utanför sortimentet")).to_be_visible()
    expect(page.get_by_label("Artikelnummer")).to_have_value("55555")
    assert_accessible(page)
    page.get_by_label("Personnummer").fill(PERSONNUMMER)
    page.get_by_role("button", name="Verkställ").click()
    # Refused: the reason next to the field, what was typed kept.
    expect(
        page.get_by_text("Skriv varför ingen artikel i sortimentet passar.")
    ).to_be_visible()
    expect(page.get_by_label("Personnummer")).to_have_value(PERSONNUMMER)
    assert_accessible(page)

    page.get_by_label(re.compile("Varför passar ingen artikel")).fill(
        "Badkarets kant är för hög för sortimentets lyftar."
    )
    page.locator("input[type=file]").set_input_files(
        {"name": "bedomning.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Verkställ").click()
    number = OutsideRequest.objects.get().number
    expect(heading(page, f"Begäran {number}")).to_be_visible()
    expect(page.get_by_text(f"ärendenummer {number}")).to_be_visible()
    expect(page.get_by_role("link", name="bedomning.pdf")).to_be_visible()
    assert_accessible(page)
    return number


def grant_as_consultant(page, number, assert_accessible):
    page.goto("/admin/login/")
    submit_login(page, "kundtjanst")
    page.get_by_role("rowheader", name="Begäranden utanför sortimentet").get_by_role(
        "link"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=number)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bevilja").click()
    assert_accessible(page)
    page.get_by_label("Motivering").fill("Beviljas efter bedömningen.")
    page.get_by_role("button", name="Bevilja").click()
    expect(page.get_by_text(f"Begäran {number}: Beviljad.")).to_be_visible()
    assert_accessible(page)


def order_as_prescriber(page, number, assert_accessible):
    messages = page.get_by_role("table", name=re.compile("meddelanden", re.I))
    expect(messages).to_contain_text(f"Begäran {number} är beviljad")
    assert_accessible(page)
    messages.get_by_role("link", name=f"Visa {number}").first.click()
    expect(heading(page, f"Begäran {number}")).to_be_visible()
    expect(page.get_by_text("Beviljas efter bedömningen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Beställ för mottagaren").click()
    confirm_care_relationship(page, "Ny patient – förskrivning")
    expect(heading(page, "Beställa hjälpmedel")).to_be_visible()
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Orderrader")).to_be_visible()
    page.get_by_label("Artikelnummer").fill("55555")
    page.get_by_label("Artikelnummer").press("Enter")
    line = page.get_by_role("table", name="Orderrader på beställningen").get_by_role(
        "row", name=re.compile("55555")
    )
    expect(line).to_contain_text(f"beviljad begäran {number}")
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Leverans")).to_be_visible()
    page.get_by_role("button", name="Verkställ").click()
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"beviljad begäran {number}")
    assert_accessible(page)


def test_request_grant_and_order_an_outside_article(page, data, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    number = request_as_prescriber(page, assert_accessible)
    page.get_by_role("button", name="Avsluta").click()
    expect(heading(page, "Logga in")).to_be_visible()

    grant_as_consultant(page, number, assert_accessible)
    page.get_by_role("button", name="Logga ut").click()

    expect(heading(page, "Logga in")).to_be_visible()
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    order_as_prescriber(page, number, assert_accessible)

    outside_request = OutsideRequest.objects.get()
    line = OrderLine.objects.get()
    assert line.outside_request == outside_request
    assert outside_request.order_number == line.order.number

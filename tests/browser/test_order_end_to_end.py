"""A whole order in a real browser, as the issue tells it: a prescriber
orders from the patient's aids page through every step (two customers, a
line with another payer, a line removed, Beställ from Sök artikel, the F-06
alternative, a PDF attached), reads the confirmation and its PDF; customer
service ships it in the admin, an I-marked unit with a new individual
number; the prescriber then sees the aid delivered. Every page visited is
checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    an_outgoing_alternative_in_stock,
    confirm_care_relationship,
    heading,
    submit_login,
    today_on_the_server,
)
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    PayerFactory,
    PersonFactory,
    StockBalanceFactory,
    UserFactory,
)
from tests.orders.test_pdf import pdf_text

PERSONNUMMER = "194001012386"
# The smallest PDF a reader accepts: one empty page.
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def data(transactional_db):
    person = PersonFactory(
        personnummer=PERSONNUMMER, first_name="Karin", last_name="Berg"
    )
    for number, name, marked in [
        ("17940", "Rollator Cross 6", False),
        ("17950", "Rullstol Etac", True),
    ]:
        StockBalanceFactory(
            article=ArticleFactory(
                article_no=number, name=name, individually_marked=marked
            ),
            on_hand=3,
        )
    an_outgoing_alternative_in_stock()
    PayerFactory(betalarid="20001", name="Region Västerbotten")
    prescriber = UserFactory(
        customers=[
            CustomerFactory(kundid="40001", name="Hemtjänst Norr"),
            CustomerFactory(kundid="40002", name="Hemtjänst Söder"),
        ]
    )
    staff = UserFactory(username="kundtjanst", is_staff=True, is_superuser=True)
    return {"person": person, "prescriber": prescriber, "staff": staff}


def lines_table(page):
    return page.get_by_role("table", name="Orderrader på beställningen")


def order_as_prescriber(page, person, assert_accessible):
    """Steps 1–3 from the aids page, then Leverans and Verkställ; returns
    the order number shown on the confirmation."""
    page.goto(f"/hjalpmedel/{person.pk}/")
    # A new patient: none of the prescriber's customers has an order yet.
    confirm_care_relationship(page, "Ny patient – förskrivning")
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    assert_accessible(page)
    # Two customers: Beställ makes the draft and asks for the customer.
    page.get_by_role("button", name="Beställ", exact=True).click()
    expect(heading(page, "Kund/leveransadress")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("40002 Hemtjänst Söder")).check()
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Orderrader")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Artikelnummer").fill("17940")
    page.get_by_label("Artikelnummer").press("Enter")
    expect(
        lines_table(page).get_by_role("row", name=re.compile("17940"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Artikelnummer").fill("17950")
    page.get_by_label("Betalare", exact=True).fill("20001")
    page.get_by_role("button", name="Spara ändringar").first.click()
    wheelchair = lines_table(page).get_by_role("row", name=re.compile("17950"))
    expect(wheelchair).to_contain_text("20001 Region Västerbotten")
    expect(wheelchair).to_contain_text("I-märkt")
    assert_accessible(page)
    page.get_by_label("Ta bort 17940").check()
    page.get_by_role("button", name="Spara ändringar").first.click()
    expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
    expect(
        lines_table(page).get_by_role("row", name=re.compile("17940"))
    ).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Sök artikel").click()
    expect(heading(page, "Sök artikel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Benämning").fill("duschpall")
    page.get_by_role("button", name="Sök", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Välj 34305", exact=True).check()
    page.get_by_role("button", name="Beställ").click()

    expect(heading(page, "Orderrader")).to_be_visible()
    expect(page.get_by_label("Välj 10968")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Verkställ valet för 34305").click()
    expect(page.get_by_text("Orderraderna är sparade.")).to_be_visible()
    expect(
        lines_table(page).get_by_role("row", name=re.compile("10968"))
    ).to_contain_text("Duschstol äldre")
    expect(lines_table(page).get_by_role("row")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()

    expect(heading(page, "Leverans")).to_be_visible()
    assert_accessible(page)
    address = page.get_by_role("region", name="Leveransadress")
    address.get_by_label("Telefon").fill("070-111 22 33")
    address.get_by_label("Portkod").fill("4711")
    address.get_by_label("Instruktioner").fill("Ring på hos grannen.")
    address.get_by_label("Kontaktperson").fill("Anna Ek")
    page.get_by_role("region", name="Bifoga fil").get_by_label(
        "Bifoga fil"
    ).set_input_files(
        {"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}
    )
    page.get_by_role("button", name="Verkställ").click()

    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    lead = page.get_by_role("main").get_by_text(
        "Din beställning är registrerad och har ordernummer"
    )
    number = re.search(r"\b(\d{8})\b", lead.inner_text()).group(1)
    assert_accessible(page)
    pdf = page.request.get(
        page.get_by_role("link", name="Öppna som PDF").get_attribute("href")
    )
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert number in pdf_text(pdf.body())
    return number


def ship_as_staff(page, number, assert_accessible):
    page.goto("/admin/login/")
    assert_accessible(page)
    submit_login(page, "kundtjanst")
    expect(page.get_by_role("rowheader", name="Kundorder")).to_be_visible()
    assert_accessible(page)
    # The app's caption links to the app; the model's row to its list.
    page.get_by_role("rowheader", name="Kundorder").get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=number)).to_be_visible()
    attached = page.get_by_role("link", name="intyg.pdf")
    assert page.request.get(attached.get_attribute("href")).body() == SMALL_PDF
    assert_accessible(page)
    page.get_by_role("link", name="Leverera").click()
    expect(page.get_by_role("heading", name=f"Leverera order {number}")).to_be_visible()
    assert_accessible(page)
    wheelchair = page.get_by_role("row", name=re.compile("17950"))
    wheelchair.get_by_label(re.compile("Nytt individnummer")).fill("I800123")
    page.get_by_role("button", name="Leverera").click()
    expect(page.get_by_text(f"Order {number}: 2 rader levererade.")).to_be_visible()
    assert_accessible(page)


def test_a_whole_order_from_the_aids_page_to_delivered(page, data, assert_accessible):
    page.goto("/konto/logga-in/")
    assert_accessible(page)
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    assert_accessible(page)
    number = order_as_prescriber(page, data["person"], assert_accessible)
    page.get_by_role("button", name="Avsluta").click()
    expect(heading(page, "Logga in")).to_be_visible()

    ship_as_staff(page, number, assert_accessible)
    page.get_by_role("button", name="Logga ut").click()

    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    assert_accessible(page)
    # The order made the care relationship: nothing is asked this time.
    page.goto(f"/hjalpmedel/{data['person'].pk}/")
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    aids = page.get_by_role(
        "table", name="Hjälpmedel som mottagaren har eller har beställt"
    )
    wheelchair = aids.get_by_role("row", name=re.compile("17950"))
    today = today_on_the_server()
    expect(wheelchair).to_contain_text(today)
    expect(wheelchair).not_to_contain_text("Beställd")
    expect(aids.get_by_role("row", name=re.compile("10968"))).to_contain_text(today)
    assert_accessible(page)
    wheelchair.get_by_role("link", name="I800123").click()
    expect(heading(page, "Individkort I800123")).to_be_visible()
    assert_accessible(page)

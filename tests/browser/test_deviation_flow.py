"""A deviation in a real browser, as the issue tells it: the prescriber
reports a broken wheelchair from its page with a photo (and is told, as
the answer Ja makes it a tillbud, to report it to Läkemedelsverket too);
customer service assigns it, answers and moves it to Under utredning in the
admin; the prescriber then sees the message on the start page and the
answer on the deviation's page. Every page visited is checked with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from deviations.models import Deviation
from notices.models import Message
from tests.browser.helpers import heading, submit_login
from tests.factories import (
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    UserFactory,
)
from tests.orders.upload_files import image


@pytest.fixture
def data(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(first_name="Karin", last_name="Berg")
    customer = CustomerFactory(kundid="40001", name="Hemtjänst Norr")
    prescriber = UserFactory(customers=[customer])
    # Ordered through the prescriber's customer: a care relationship.
    wheelchair = HoldingFactory(
        customer=customer,
        person=person,
        article__article_no="17950",
        article__name="Rullstol Etac",
        article__supplier__name="Etac AB",
        article__individually_marked=True,
        individual=IndividualFactory(individual_no="I800123"),
        prescriber=prescriber,
    )
    staff = UserFactory(username="kundtjanst", is_staff=True, is_superuser=True)
    return {
        "person": person,
        "prescriber": prescriber,
        "wheelchair": wheelchair,
        "staff": staff,
    }


def report_as_prescriber(page, data, assert_accessible):
    page.goto(f"/hjalpmedel/{data['person'].pk}/")
    page.get_by_role("link", name="17950", exact=True).click()
    expect(heading(page, "17950 Rullstol Etac")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rapportera avvikelse 17950").click()
    expect(heading(page, "Rapportera avvikelse")).to_be_visible()
    expect(page.get_by_text("I800123")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Produktfel").check()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Verkställ").click()
    # Refused: the reason next to the field, what was chosen kept.
    expect(page.get_by_text("Beskriv avvikelsen: vad hände?")).to_be_visible()
    expect(page.get_by_label("Produktfel")).to_be_checked()
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    assert_accessible(page)

    page.get_by_role("textbox", name=re.compile("^Beskrivning")).fill(
        "Sitsen sprack när patienten satte sig. Foto bifogat."
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "sits.png", "mimeType": "image/png", "buffer": image("PNG")}]
    )
    page.get_by_role("button", name="Verkställ").click()
    number = Deviation.objects.get().number
    expect(heading(page, f"Avvikelse {number}")).to_be_visible()
    expect(
        page.get_by_text(f"Avvikelsen är registrerad med nummer {number}.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="sits.png")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("rapportera även till Läkemedels"))
    ).to_be_visible()
    assert_accessible(page)

    page.goto("/konto/dina-uppgifter/")
    page.get_by_role("link", name="Avvikelser", exact=True).click()
    expect(heading(page, "Avvikelser")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(number))
    expect(row).to_contain_text("Registrerad")
    assert_accessible(page)
    return number


def answer_as_staff(page, data, number, assert_accessible):
    page.goto("/admin/login/")
    submit_login(page, "kundtjanst")
    page.get_by_role("rowheader", name="Avvikelser").get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=number)).to_be_visible()
    photo_link = page.get_by_role("link", name="sits.png")
    assert page.request.get(photo_link.get_attribute("href")).body() == image("PNG")
    assert_accessible(page)

    page.get_by_label("Handläggare").select_option(str(data["staff"].pk))
    page.get_by_label("Ny status").select_option(label="Under utredning")
    page.get_by_label("Svar från kundtjänst").fill(
        "Vi har kontaktat Etac. En ny sits skickas inom en vecka."
    )
    page.get_by_label("Leverantörens reklamationsnummer").fill("ETAC-4711")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("row", name=re.compile(number))).to_contain_text(
        "Under utredning"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Statistik per leverantör och artikel").click()
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("row", name=re.compile("17950"))).to_contain_text("Etac AB")
    assert_accessible(page)


def test_a_deviation_with_a_photo_answered_in_the_admin(page, data, assert_accessible):
    page.goto("/konto/logga-in/")
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    number = report_as_prescriber(page, data, assert_accessible)
    page.get_by_role("button", name="Avsluta").click()
    expect(heading(page, "Logga in")).to_be_visible()

    answer_as_staff(page, data, number, assert_accessible)
    page.get_by_role("button", name="Logga ut").click()

    expect(heading(page, "Logga in")).to_be_visible()
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()
    messages = page.get_by_role("table", name=re.compile("meddelanden", re.I))
    expect(messages).to_contain_text(f"Avvikelse {number}: under utredning")
    assert_accessible(page)
    # The subject leads to the deviation, with its status and the answer.
    messages.get_by_role("link", name=f"Visa {number}", exact=True).click()
    expect(heading(page, f"Avvikelse {number}")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("strong")).to_have_text(
        "Under utredning"
    )
    expect(
        page.get_by_text("Vi har kontaktat Etac. En ny sits skickas inom en vecka.")
    ).to_be_visible()
    assert_accessible(page)

    # The message itself carries the answer too.
    message = Message.objects.get(recipient=data["prescriber"])
    page.goto(reverse("message_detail", args=[message.pk]))
    expect(page.get_by_role("main")).to_contain_text("Vi har kontaktat Etac.")
    assert_accessible(page)

"""Vårdrelation on the pages: a patient none of the user's customers has
been in contact with is opened only after the user confirms a care
relationship, once per session; Mottagarens uppgifter are not changed
without one."""

import re
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from accounts.choices import AccessAction
from aids.choices import CareReason
from aids.models import CareConfirmation, RecipientDetails
from orders.models import Order
from tests.factories import (
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    IndividualHistoryFactory,
    PersonFactory,
)

from .recipient_helpers import aids_url, assert_no_personnummer, views_logged

NUMBER = "194001012386"
CONFIRMED = {"confirmed": "on", "reason": CareReason.NEW_PATIENT, "note": ""}


@pytest.fixture
def person(db):
    return PersonFactory(personnummer=NUMBER, first_name="Karin", last_name="Berg")


@pytest.fixture
def held(person):
    """An aid the patient has, ordered by no customer of the users'."""
    return HoldingFactory(person=person)


def confirm_url(person, next_url):
    url = reverse("care_relationship", args=[person.pk])
    return f"{url}?{urlencode({'next': next_url})}"


def pages(person, held):
    return [
        aids_url(person.pk),
        aids_url(person.pk) + "?imarkta=1",
        aids_url(person.pk, "recipient_details"),
        aids_url(person.pk, "recipient_returned"),
        aids_url(person.pk, "recipient_holding", held.pk),
        aids_url(person.pk, "recipient_workorders"),
        aids_url(person.pk, "workorder_new_for_holding", held.pk),
        aids_url(person.pk, "order_new_for"),
        reverse("pickup_new", args=[person.pk]),
    ]


def test_every_page_of_the_patient_asks_first(client, outsider, person, held):
    client.force_login(outsider)

    for page in pages(person, held):
        response = client.get(page)

        assert response.status_code == 302, page
        assert response["Location"] == confirm_url(person, page)
    assert not views_logged(person).exists()


def test_the_confirmation_page_asks_for_the_relationship_and_a_reason(
    client, outsider, person
):
    client.force_login(outsider)

    response = client.get(confirm_url(person, aids_url(person.pk)))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.text
    assert "Bekräfta vårdrelation" in text
    assert "Karin Berg" in text
    assert "Jag har en vårdrelation med patienten" in text
    for reason in CareReason.labels:
        assert str(reason) in text
    assert views_logged(person).get().user == outsider
    assert_no_personnummer(response, NUMBER)


def test_confirming_stores_logs_and_continues_to_the_page_asked_for(
    client, outsider, person, held
):
    client.force_login(outsider)
    page = aids_url(person.pk, "recipient_holding", held.pk)

    response = client.post(confirm_url(person, page), CONFIRMED, follow=True)

    assert response.redirect_chain == [(page, 302)]
    assert response.status_code == 200
    confirmation = CareConfirmation.objects.get()
    assert (confirmation.user, confirmation.person, confirmation.reason) == (
        outsider,
        person,
        CareReason.NEW_PATIENT,
    )
    logged = views_logged(person, AccessAction.CONFIRM).get()
    assert logged.user == outsider
    assert logged.object_id == str(confirmation.pk)
    assert views_logged(person).filter(object_id=str(held.pk)).exists()
    for other in pages(person, held):
        assert client.get(other).status_code == 200, other
    assert_no_personnummer(response, NUMBER)


def test_without_the_tick_or_a_reason_nothing_is_confirmed(client, outsider, person):
    client.force_login(outsider)
    url = confirm_url(person, aids_url(person.pk))

    unticked = client.post(url, {**CONFIRMED, "confirmed": ""})
    no_reason = client.post(url, {**CONFIRMED, "reason": ""})
    other = client.post(url, {**CONFIRMED, "reason": CareReason.OTHER})

    assert unticked.status_code == no_reason.status_code == other.status_code == 200
    assert "Bekräfta att du har en vårdrelation med patienten." in unticked.text
    # The reason chosen is kept.
    assert re.search(r'<input[^>]*value="ny"[^>]*checked', unticked.text)
    assert "Välj ett skäl." in no_reason.text
    assert "Beskriv skälet." in other.text
    assert not CareConfirmation.objects.exists()
    assert not views_logged(person, AccessAction.CONFIRM).exists()


def test_annat_is_confirmed_with_its_description(client, outsider, person):
    client.force_login(outsider)

    client.post(
        confirm_url(person, aids_url(person.pk)),
        {**CONFIRMED, "reason": CareReason.OTHER, "note": " Hembesök med kollega "},
    )

    confirmation = CareConfirmation.objects.get()
    assert (confirmation.reason, confirmation.note) == (
        CareReason.OTHER,
        "Hembesök med kollega",
    )


def test_a_confirmation_lasts_for_the_session_only(client, outsider, person):
    client.force_login(outsider)
    client.post(confirm_url(person, aids_url(person.pk)), CONFIRMED)
    assert client.get(aids_url(person.pk)).status_code == 200

    client.logout()
    client.force_login(outsider)

    response = client.get(aids_url(person.pk))
    assert response["Location"] == confirm_url(person, aids_url(person.pk))


def test_a_next_page_elsewhere_is_not_followed(client, outsider, person):
    client.force_login(outsider)

    response = client.post(confirm_url(person, "https://example.com/"), CONFIRMED)

    assert response["Location"] == aids_url(person.pk)


def test_a_relationship_through_a_customer_asks_nothing(
    client, prescriber, customer, person
):
    HoldingFactory(person=person, customer=customer)
    client.force_login(prescriber)

    assert client.get(aids_url(person.pk)).status_code == 200
    response = client.get(confirm_url(person, aids_url(person.pk, "recipient_details")))
    assert response["Location"] == aids_url(person.pk, "recipient_details")
    assert not CareConfirmation.objects.exists()


def test_a_care_unit_is_not_a_patient_and_asks_nothing(client, prescriber, customer):
    client.force_login(prescriber)

    assert client.get(aids_url(customer.kundid)).status_code == 200


def test_the_recipients_details_are_not_changed_without_a_relationship(
    client, outsider, person
):
    client.force_login(outsider)
    url = aids_url(person.pk, "recipient_details")

    response = client.post(url, {"phone": "", "door_code": "9999", "instructions": ""})

    assert response["Location"] == confirm_url(person, url)
    assert not RecipientDetails.objects.exists()
    assert not views_logged(person, AccessAction.CHANGE).exists()


def test_ordering_by_personnummer_asks_before_the_draft(client, outsider, person):
    client.force_login(outsider)
    order_new_for = aids_url(person.pk, "order_new_for")

    response = client.post(
        reverse("order_new"),
        {
            "recipient_type": "patient",
            "personnummer": NUMBER,
            "care_unit": "",
            "token": str(uuid.uuid4()),
        },
    )

    assert response["Location"] == confirm_url(person, order_new_for)
    assert not Order.objects.exists()
    assert not views_logged(person).exists()
    response = client.post(response["Location"], CONFIRMED, follow=True)
    assert response.redirect_chain == [(order_new_for, 302)]
    assert "Karin Berg" in response.text
    client.post(order_new_for, {"token": str(uuid.uuid4())})
    assert Order.objects.get().person == person
    assert_no_personnummer(response, NUMBER)


def test_the_individual_card_shows_the_holder_only_with_a_relationship(
    client, outsider, person
):
    unit = IndividualFactory(individual_no="H123456")
    HoldingFactory(person=person, article=unit.article, individual=unit)
    earlier = PersonFactory(first_name="Olle", last_name="Ek")
    IndividualHistoryFactory(individual=unit, person=earlier)
    card = reverse("individual_card", args=[unit.individual_no])
    client.force_login(outsider)

    hidden = client.get(card)

    assert "Karin Berg" not in hidden.text
    assert "Olle Ek" not in hidden.text
    assert "En patient har individen." in hidden.text
    confirm = reverse("care_relationship", args=[person.pk])
    assert f'href="{confirm}?next={card}">Bekräfta vårdrelation</a>' in hidden.text
    assert not views_logged(person).exists()

    client.post(confirm_url(person, card), CONFIRMED)
    shown = client.get(card)

    assert "Karin Berg" in shown.text
    assert "Olle Ek" not in shown.text
    assert views_logged(person).filter(path=card).exists()
    assert not views_logged(earlier).exists()


def test_a_colleague_elsewhere_is_not_helped_by_another_customers_aid(
    client, outsider, person
):
    HoldingFactory(person=person, customer=CustomerFactory())
    client.force_login(outsider)

    response = client.get(aids_url(person.pk))

    assert response.status_code == 302

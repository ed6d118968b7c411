"""Mottagarens uppgifter: phone, door code and instructions of a patient or
care unit, saved through the service, audited and access-logged."""

import pytest
from django.urls import reverse

from accounts.access import AccessContext
from accounts.choices import AccessAction
from aids.models import RecipientDetails
from aids.recipients import Recipient
from aids.services import save_recipient_details
from tests.factories import HoldingFactory, PersonFactory, RecipientDetailsFactory

from .recipient_helpers import (
    aids_url,
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)

FIELDS = {"phone": "070-111 22 33", "door_code": "1234B", "instructions": "Ring två"}
SWEDISH_PHONE = (
    "Ange ett svenskt telefonnummer med riktnummer, till exempel "
    "070-123 45 67 eller 090-12 34 56."
)


@pytest.fixture
def person(customer):
    """A patient with an aid through `customer`: its prescribers have a care
    relationship."""
    person = PersonFactory()
    HoldingFactory(person=person, customer=customer)
    return person


def details_url(key):
    return aids_url(key, "recipient_details")


def test_the_form_shows_the_saved_details_and_the_view_is_logged(
    client, outsider, person
):
    RecipientDetailsFactory(person=person, door_code="4711")
    log_in_caring_for(client, outsider, person)

    response = client.get(details_url(person.pk))

    assert response.status_code == 200
    assert 'value="4711"' in response.text
    for label in ["Telefon", "Portkod", "Instruktioner"]:
        assert f"{label}\n" in response.text or f">{label}<" in response.text
    assert views_logged(person).get().user == outsider
    assert "no-store" in response["Cache-Control"]
    assert_no_personnummer(response, person.personnummer)


def test_saving_stores_the_details_and_logs_the_change(client, prescriber, person):
    client.force_login(prescriber)

    response = client.post(details_url(person.pk), FIELDS, follow=True)

    assert response.redirect_chain == [(aids_url(person.pk), 302)]
    assert "Mottagarens uppgifter är sparade." in response.text
    details = RecipientDetails.objects.get(person=person)
    assert (details.phone, details.door_code, details.instructions) == tuple(
        FIELDS.values()
    )
    change = views_logged(person, AccessAction.CHANGE).get()
    assert change.user == prescriber
    assert change.object_id == str(details.pk)
    assert_no_personnummer(response, person.personnummer)


def test_saving_again_changes_the_same_row_and_is_audited(client, prescriber, person):
    details = RecipientDetailsFactory(person=person, door_code="1111")
    client.force_login(prescriber)
    url = details_url(person.pk)

    client.post(url, {**FIELDS, "door_code": "2222"})

    assert RecipientDetails.objects.get().door_code == "2222"
    event = RecipientDetails.pgh_event_model.objects.filter(
        pgh_obj_id=details.pk
    ).latest("pgh_id")
    assert event.pgh_label == "update"
    assert event.door_code == "2222"
    assert event.pgh_context.metadata["user"] == prescriber.pk
    assert event.pgh_context.metadata["url"] == url


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "ring mig", SWEDISH_PHONE),
        # Digits and hyphens, but no number in the Swedish numbering plan.
        ("phone", "070-12", SWEDISH_PHONE),
        (
            "door_code",
            "1" * 51,
            "Säkerställ att detta värde har som mest 50 tecken (den har 51).",
        ),
        (
            "instructions",
            "x" * 501,
            "Säkerställ att detta värde har som mest 500 tecken (den har 501).",
        ),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    client, prescriber, person, field, value, message
):
    client.force_login(prescriber)

    response = client.post(details_url(person.pk), {**FIELDS, field: value})

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert value in response.text
    assert FIELDS["instructions"] in response.text or field == "instructions"
    assert not RecipientDetails.objects.exists()
    assert not views_logged(person, AccessAction.CHANGE).exists()


def test_a_care_units_details_are_saved_by_its_prescriber(client, prescriber, customer):
    client.force_login(prescriber)

    response = client.post(details_url(customer.kundid), FIELDS)

    assert response["Location"] == aids_url(customer.kundid)
    assert RecipientDetails.objects.get(care_unit=customer).door_code == "1234B"


def test_a_prescriber_of_another_customer_gets_404_for_a_care_unit(
    client, outsider, customer
):
    client.force_login(outsider)

    assert client.get(details_url(customer.kundid)).status_code == 404
    assert client.post(details_url(customer.kundid), FIELDS).status_code == 404
    assert not RecipientDetails.objects.exists()


def test_the_service_saves_and_logs_in_one_go(prescriber, person):
    context = AccessContext(user=prescriber, path="/")

    details = save_recipient_details(context, Recipient(person=person), **FIELDS)
    again = save_recipient_details(
        context, Recipient(person=person), **{**FIELDS, "phone": "090-1"}
    )

    assert again.pk == details.pk
    assert RecipientDetails.objects.get().phone == "090-1"
    assert views_logged(person, AccessAction.CHANGE).count() == 2


def test_the_details_page_links_back(client, prescriber, person):
    client.force_login(prescriber)

    text = client.get(details_url(person.pk)).text

    assert f'href="{aids_url(person.pk)}"' in text
    assert f'href="{reverse("help", args=["recipient_details"])}"' in text

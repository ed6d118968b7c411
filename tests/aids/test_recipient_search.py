"""Hjälpmedel: the search by personnummer or care unit code, sent by POST and
answered with a redirect to a URL that carries no personnummer."""

import logging
import re

import pytest
from django.urls import reverse

from aids.recipients import age_on
from core.validators import birth_date
from tests.factories import PersonFactory

from .recipient_helpers import aids_url, assert_no_personnummer

SEARCH = reverse("aids_search")


@pytest.fixture
def person(db):
    return PersonFactory(personnummer="194001012386")


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client


def search(client, **data):
    return client.post(SEARCH, {"recipient_type": "patient", **data})


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_it_shows_the_form(logged_in):
    response = logged_in.get(SEARCH)

    assert response.status_code == 200
    for label in ["Mottagartyp", "Personnummer", "Vårdenhet", "Endast I-märkta"]:
        assert re.search(rf"<label[^>]*>\s*{label}", response.text), label
    assert "no-store" in response["Cache-Control"]


def test_it_requires_login(client, db):
    response = client.get(SEARCH)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "typed", ["194001012386", "4001012386", "400101-2386", "19400101-2386"]
)
def test_a_personnummer_in_any_usual_form_finds_the_patient(logged_in, person, typed):
    response = search(logged_in, personnummer=typed)

    assert response.status_code == 302
    assert response["Location"] == aids_url(person.pk)
    assert_no_personnummer(response, person.personnummer)


def test_endast_i_markta_travels_as_a_query_parameter(logged_in, person):
    response = search(logged_in, personnummer="194001012386", only_marked="on")

    assert response["Location"] == aids_url(person.pk) + "?imarkta=1"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19400101238", "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("1940010123863", "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("1940O1012386", "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("²" * 12, "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("194002302386", "Personnumret innehåller ett datum som inte finns."),
        ("194001012387", "Personnumret är felaktigt: kontrollsiffran stämmer inte."),
        ("", "Ange patientens personnummer."),
        (
            "194001022385",
            "Det finns ingen person med det personnumret i folkbokföringen.",
        ),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    logged_in, person, typed, message, caplog
):
    with caplog.at_level(logging.DEBUG):
        response = search(logged_in, personnummer=typed)

    assert response.status_code == 200
    assert field_errors(response, "personnummer") == [message]
    assert f'value="{typed}"' in response.text or not typed
    assert_no_personnummer(response, "194001012386", "194001022385")
    assert all(typed not in record.getMessage() for record in caplog.records if typed)


def test_a_coordination_number_is_found(logged_in):
    # Day 61 = the 1st + 60.
    coordinated = PersonFactory(personnummer="194001612383")

    response = search(logged_in, personnummer="400161-2383")

    assert response["Location"] == aids_url(coordinated.pk)


def test_age_counts_from_the_birth_date_of_a_coordination_number():
    born = birth_date("194001612383")

    assert str(born) == "1940-01-01"
    assert age_on(born, born.replace(year=2020)) == 80
    assert age_on(born.replace(day=2), born.replace(year=2020)) == 79


def test_an_authorised_prescriber_finds_their_care_unit(logged_in, customer):
    response = logged_in.post(
        SEARCH, {"recipient_type": "vardenhet", "care_unit": customer.kundid}
    )

    assert response["Location"] == aids_url(customer.kundid)


def test_what_is_left_in_the_personnummer_box_does_not_stop_a_care_unit_search(
    logged_in, customer
):
    response = logged_in.post(
        SEARCH,
        {
            "recipient_type": "vardenhet",
            "personnummer": "19400101",
            "care_unit": customer.kundid,
        },
    )

    assert response["Location"] == aids_url(customer.kundid)


def test_staff_find_any_care_unit(client, staff, customer):
    client.force_login(staff)

    response = client.post(
        SEARCH, {"recipient_type": "vardenhet", "care_unit": customer.kundid}
    )

    assert response["Location"] == aids_url(customer.kundid)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("1234", "Ange en kod med exakt 5 siffror."),
        ("1234a", "Ange en kod med exakt 5 siffror."),
        ("", "Ange vårdenhetens kod."),
        ("99999", "Det finns ingen vårdenhet med koden 99999."),
    ],
)
def test_a_bad_care_unit_code_is_answered_next_to_the_field(logged_in, code, message):
    response = logged_in.post(
        SEARCH, {"recipient_type": "vardenhet", "care_unit": code}
    )

    assert response.status_code == 200
    assert field_errors(response, "care_unit") == [message]


def test_a_care_unit_of_another_customer_is_refused(client, outsider, customer):
    client.force_login(outsider)

    response = client.post(
        SEARCH, {"recipient_type": "vardenhet", "care_unit": customer.kundid}
    )

    assert response.status_code == 200
    assert field_errors(response, "care_unit") == [
        "Du har inte behörighet för vårdenheten"
    ]
    assert f'value="{customer.kundid}"' in response.text


def test_the_field_of_the_other_type_is_ignored(logged_in, person):
    response = search(logged_in, personnummer="194001012386", care_unit="fel")

    assert response["Location"] == aids_url(person.pk)


def test_an_unknown_recipient_type_is_refused(logged_in, person):
    response = search(logged_in, recipient_type="annat", personnummer="194001012386")

    assert response.status_code == 200
    assert field_errors(response, "recipient_type") == ["Välj Patient eller Vårdenhet."]


def test_the_menu_leads_to_the_search(logged_in):
    response = logged_in.get(reverse("start"))

    assert f'href="{SEARCH}"' in response.text
    assert ">Hjälpmedel</a>" in response.text


@pytest.mark.parametrize(
    ("topic", "heading"),
    [
        ("aids_search", "Hjälp: Hjälpmedel"),
        ("recipient_aids", "Hjälp: Mottagarens hjälpmedel"),
        ("recipient_details", "Hjälp: Mottagarens uppgifter"),
        ("recipient_holding", "Hjälp: Hjälpmedel hos mottagaren"),
        ("recipient_returned", "Hjälp: Återlämnade hjälpmedel"),
    ],
)
def test_each_page_has_its_own_help(client, db, topic, heading):
    response = client.get(reverse("help", args=[topic]))

    assert heading in response.text
    assert "Hjälp: webSesam" not in response.text

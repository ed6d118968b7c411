"""Step 1, Mottagare: a new draft for a patient or a care unit, from the
order page or from a recipient's aids page and the CFR hits."""

import re

import pytest

from accounts.choices import AccessAction
from orders.views.common import CURRENT_DRAFT
from orders.views.steps import WAITING_ARTICLES
from tests.aids.recipient_helpers import (
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    PersonFactory,
    UserFactory,
)

from .steps_helpers import drafts, lines_of, texts, token, url

NUMBER = "194001012386"


@pytest.fixture
def person(customer):
    """A patient with an aid ordered through `customer`: its prescribers
    have a care relationship, others confirm one."""
    person = PersonFactory(personnummer=NUMBER, first_name="Karin", last_name="Berg")
    HoldingFactory(person=person, customer=customer)
    return person


def patient(number=NUMBER):
    return {
        "recipient_type": "patient",
        "personnummer": number,
        "care_unit": "",
        "token": token(),
    }


def care_unit(code):
    return {
        "recipient_type": "vardenhet",
        "personnummer": "",
        "care_unit": code,
        "token": token(),
    }


def test_the_page_asks_for_the_recipient(client, prescriber):
    client.force_login(prescriber)

    response = client.get(url("order_new"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for label in ["Mottagartyp", "Personnummer", "Vårdenhet"]:
        assert re.search(rf">\s*{label}", text)
    assert "Endast I-märkta" not in text
    assert ">Fortsätt</button>" in text
    assert drafts(prescriber) == []


def test_a_patient_by_personnummer_starts_a_draft_with_the_only_customer(
    client, prescriber, customer, person
):
    client.force_login(prescriber)

    response = client.post(url("order_new"), patient())

    [order] = drafts(prescriber)
    assert order.person == person
    assert order.customer == customer
    assert order.payer == customer.default_payer
    assert response["Location"] == url("order_lines", order.pk)
    assert client.session[CURRENT_DRAFT] == str(order.pk)
    assert_no_personnummer(response, NUMBER)
    [entry] = views_logged(person)
    assert entry.user == prescriber


def test_with_several_customers_the_customer_step_comes_next(client, person):
    user = UserFactory(customers=[CustomerFactory(), CustomerFactory()])
    log_in_caring_for(client, user, person)

    response = client.post(url("order_new"), patient())

    [order] = drafts(user)
    assert order.customer is None
    assert response["Location"] == url("order_customer", order.pk)


def test_a_care_unit_by_its_code(client, prescriber, customer):
    client.force_login(prescriber)

    client.post(url("order_new"), care_unit(customer.kundid))

    [order] = drafts(prescriber)
    assert order.care_unit == customer
    assert order.person is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (patient(""), "personnummer", "Ange patientens personnummer."),
        (
            patient("194001012387"),
            "personnummer",
            "Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        ),
        (
            patient("194001012378"),
            "personnummer",
            "Det finns ingen person med det personnumret i folkbokföringen.",
        ),
        (care_unit(""), "care_unit", "Ange vårdenhetens kod."),
        (care_unit("12a45"), "care_unit", "Ange en kod med exakt 5 siffror."),
        (care_unit("99999"), "care_unit", "Det finns ingen vårdenhet med koden 99999."),
        (
            {"recipient_type": "robot"},
            "recipient_type",
            "Välj Patient eller Vårdenhet.",
        ),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    client, prescriber, person, data, field, message
):
    client.force_login(prescriber)

    response = client.post(url("order_new"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(str(e) for e in form.errors[field])
    assert form[field].value() == data[field]
    assert drafts(prescriber) == []


def test_an_outsider_cannot_order_for_someone_elses_care_unit(
    client, outsider, customer
):
    client.force_login(outsider)

    response = client.post(url("order_new"), care_unit(customer.kundid))

    assert response.context["form"].errors["care_unit"] == [
        "Du har inte behörighet för vårdenheten"
    ]
    assert drafts(outsider) == []


def test_a_double_submit_makes_one_draft(client, prescriber, person):
    client.force_login(prescriber)

    data = patient()
    first = client.post(url("order_new"), data)
    second = client.post(url("order_new"), data)

    [order] = drafts(prescriber)
    assert first["Location"] == second["Location"] == url("order_lines", order.pk)


def test_from_the_aids_page_get_shows_the_recipient_and_creates_nothing(
    client, outsider, person
):
    log_in_caring_for(client, outsider, person)

    response = client.get(url("order_new_for", person.pk))

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Berg, Karin" in text or "Karin Berg" in text
    assert ">Fortsätt</button>" in text
    assert drafts(outsider) == []
    [entry] = views_logged(person)
    assert entry.action == AccessAction.VIEW


def test_from_the_aids_page_post_creates_the_draft(client, prescriber, person):
    client.force_login(prescriber)

    response = client.post(url("order_new_for", person.pk), {"token": token()})

    [order] = drafts(prescriber)
    assert order.person == person
    assert response["Location"] == url("order_lines", order.pk)


def test_a_care_unit_only_for_its_prescribers_and_staff(
    client, prescriber, outsider, staff, customer
):
    client.force_login(outsider)
    assert client.get(url("order_new_for", customer.kundid)).status_code == 404
    assert client.post(url("order_new_for", customer.kundid)).status_code == 404
    assert drafts(outsider) == []

    for user in (prescriber, staff):
        client.force_login(user)
        assert client.get(url("order_new_for", customer.kundid)).status_code == 200


def test_an_unknown_person_is_404(client, prescriber, db):
    client.force_login(prescriber)

    response = client.get(
        url("order_new_for", "00000000-0000-0000-0000-000000000000"), follow=True
    )

    assert response.status_code == 404


def test_the_aids_page_posts_to_it_and_the_cfr_hits_link_to_it(
    client, prescriber, person
):
    client.force_login(prescriber)
    order_url = url("order_new_for", person.pk)

    aids = client.get(url("recipient_aids", person.pk)).content.decode()
    cfr = client.post(url("cfr"), {"personnummer": NUMBER}).content.decode()

    assert f'<form method="post" action="{order_url}" class="d-inline">' in aids
    assert (
        f'<a href="{order_url}">Beställ<span class="visually-hidden"> Karin Berg' in cfr
    )


def test_articles_waiting_in_the_session_go_on_the_new_draft(
    client, prescriber, person
):
    ArticleFactory(article_no="12345")
    ArticleFactory(article_no="12346")
    client.force_login(prescriber)
    session = client.session
    session[WAITING_ARTICLES] = ["12345", "12346"]
    session.save()

    page = client.get(url("order_new")).content.decode()
    response = client.post(url("order_new"), patient())

    assert "Artiklarna 12345, 12346 läggs till på beställningen" in page
    [order] = drafts(prescriber)
    assert [line.article.article_no for line in lines_of(order)] == ["12345", "12346"]
    assert [line.quantity for line in lines_of(order)] == [1, 1]
    assert response["Location"] == url("order_lines", order.pk)
    assert texts(response) == ["Artiklarna 12345, 12346 är tillagda på beställningen."]
    assert WAITING_ARTICLES not in client.session

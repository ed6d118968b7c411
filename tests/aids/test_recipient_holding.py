"""Hjälpmedel: one held aid (article information and the ordination
overview) and the returned aids."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    PayerFactory,
    PersonFactory,
    UserFactory,
)

from .recipient_helpers import (
    aids_url,
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def held(person):
    return HoldingFactory(
        person=person,
        article=ArticleFactory(article_no="17940", name="Rollator, 4-hjulig"),
        order_number="25120001",
        ordered_on=date(2025, 3, 17),
        prescriber=UserFactory(first_name="Eva", last_name="Ek"),
        customer=CustomerFactory(kundid="41001", name="Hemtjänst Norr"),
        payer=PayerFactory(betalarid="51001", name="Umeå kommun"),
    )


def holding_url(holding):
    key = holding.person_id or holding.care_unit.kundid
    return aids_url(key, "recipient_holding", holding.pk)


def test_it_shows_the_article_and_the_ordination_and_logs_the_view(
    client, outsider, held
):
    log_in_caring_for(client, outsider, held.person)

    response = client.get(holding_url(held))

    assert response.status_code == 200
    text = response.text
    assert f'href="{reverse("article_detail", args=["17940"])}"' in text
    for value in [
        "25120001",
        "2025-03-17",
        "Eva Ek",
        "41001 Hemtjänst Norr",
        "51001 Umeå kommun",
    ]:
        assert value in text
    entry = views_logged(held.person).get()
    assert (entry.user, entry.object_id) == (outsider, str(held.pk))
    assert "no-store" in response["Cache-Control"]
    assert_no_personnummer(response, held.person.personnummer)


def test_a_patient_fee_shows_the_patient_as_payer(client, outsider, person):
    fee = HoldingFactory(person=person, payer=None, patient_pays=True)
    log_in_caring_for(client, outsider, person)

    response = client.get(holding_url(fee))

    assert "Brukaren (egenavgift)" in response.text


def test_a_holding_of_another_recipient_is_404(client, prescriber, held):
    other = PersonFactory()
    log_in_caring_for(client, prescriber, other)

    response = client.get(aids_url(other.pk, "recipient_holding", held.pk))

    assert response.status_code == 404
    assert not views_logged(other).exists()


def test_a_care_units_holding_is_for_its_prescribers_and_staff(
    client, prescriber, outsider, staff, customer
):
    held = HoldingFactory(person=None, care_unit=customer)

    for user, status in [(prescriber, 200), (staff, 200), (outsider, 404)]:
        client.force_login(user)
        assert client.get(holding_url(held)).status_code == status


def test_the_query_count_is_fixed(client, prescriber, held, django_assert_num_queries):
    log_in_caring_for(client, prescriber, held.person)
    client.get(holding_url(held))  # content types cached from here on

    # Session and user; the care relationship; the person; the holding with
    # its relations; the user's customers (for the access log and the
    # header) and the log's row.
    with django_assert_num_queries(7):
        client.get(holding_url(held))


@pytest.mark.parametrize(
    ("changes", "offered"),
    [
        ({}, True),
        ({"delivered_on": None, "delivered_quantity": 0}, False),
        ({"returned_on": date(2025, 6, 1)}, False),
    ],
)
def test_arbetsorder_is_offered_only_for_a_delivered_aid_still_held(
    client, prescriber, person, changes, offered
):
    held = HoldingFactory(person=person, **changes)
    log_in_caring_for(client, prescriber, person)

    text = client.get(holding_url(held)).text

    url = reverse("workorder_new_for_holding", args=[person.pk, held.pk])
    assert (f'href="{url}"' in text) == offered


def returned_url(key):
    return aids_url(key, "recipient_returned")


def test_the_returned_aids_are_listed_with_their_dates_newest_first(
    client, outsider, person
):
    older = HoldingFactory(
        person=person, delivered_on=date(2020, 1, 5), returned_on=date(2021, 6, 1)
    )
    newer = HoldingFactory(
        person=person, delivered_on=date(2022, 2, 3), returned_on=date(2024, 9, 9)
    )
    HoldingFactory(person=person)
    HoldingFactory(returned_on=date(2024, 1, 1))
    log_in_caring_for(client, outsider, person)

    response = client.get(returned_url(person.pk))

    assert response.status_code == 200
    assert [row["pk"] for row in response.context["holdings"]] == [newer.pk, older.pk]
    for day in ["2020-01-05", "2021-06-01", "2022-02-03", "2024-09-09"]:
        assert f"<td>{day}</td>" in response.text
    assert views_logged(person).get().user == outsider
    assert_no_personnummer(response, person.personnummer)


def test_returned_aids_of_a_care_unit_are_404_for_other_customers(
    client, outsider, prescriber, customer
):
    HoldingFactory(person=None, care_unit=customer, returned_on=date(2024, 1, 1))

    client.force_login(outsider)
    assert client.get(returned_url(customer.kundid)).status_code == 404
    client.force_login(prescriber)
    assert client.get(returned_url(customer.kundid)).status_code == 200


@pytest.mark.parametrize("count", [5, 100])
def test_the_returned_list_query_count_does_not_grow(
    client, prescriber, person, count, django_assert_num_queries
):
    HoldingFactory.create_batch(count, person=person, returned_on=date(2024, 1, 1))
    log_in_caring_for(client, prescriber, person)
    client.get(returned_url(person.pk))

    # Session and user; the care relationship; the person; the user's
    # customers (for the access log and the header) and the log's row; the
    # returned aids.
    with django_assert_num_queries(7):
        response = client.get(returned_url(person.pk))

    assert len(response.context["holdings"]) == count

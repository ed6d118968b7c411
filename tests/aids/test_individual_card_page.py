"""Individkort (F-14): search by individual number; the unit's article,
place, current holder under the aids access rules, and its history."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.choices import HistoryKind, IndividualLocation
from aids.models import Individual, IndividualHistory, Person
from tests.factories import (
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    IndividualHistoryFactory,
    PersonFactory,
)
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .recipient_helpers import log_in_caring_for

SEARCH_URL = reverse("individual_search")


def card_url(individual):
    return reverse("individual_card", args=[individual.individual_no])


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client


@pytest.fixture
def wheelchair(db):
    return IndividualFactory(
        individual_no="H123456",
        article__article_no="17940",
        article__name="Rullstol Cross",
        location=IndividualLocation.AT_RECIPIENT,
    )


@pytest.fixture
def patient(db):
    return PersonFactory(
        first_name="Åsa",
        last_name="Lindén",
        street="Storgatan 14 B",
        postal_code="903 25",
        city="Umeå",
    )


@pytest.fixture
def at_patient(wheelchair, patient, customer):
    """Ordered through `customer`: its prescribers have a care relationship."""
    return HoldingFactory(
        person=patient,
        article=wheelchair.article,
        individual=wheelchair,
        customer=customer,
    )


def get(client, url):
    response = client.get(url, follow=True)
    assert_no_personnummer_in_urls(response)
    return response


def assert_no_personnummer_in_urls(response):
    """Neither the request, a redirect nor any link or form target of the
    page carries a stored personnummer, in its 12- or 10-digit form."""
    numbers = set(Person.objects.values_list("personnummer", flat=True))
    numbers |= {number[2:] for number in numbers}
    urls = [response.request["PATH_INFO"], response.request.get("QUERY_STRING", "")]
    urls += [url for url, _status in response.redirect_chain]
    urls += re.findall(r'(?:href|action|src)="([^"]*)"', response.text)
    for url in urls:
        digits = re.sub(r"\D", "", url)
        assert not any(number in digits for number in numbers), url


def holder(response):
    """The text of the holder's cell, whitespace collapsed."""
    cell = re.search(r"Innehavare</dt>\s*<dd[^>]*>(.*?)</dd>", response.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cell[1]).split())


def test_it_requires_login(client, wheelchair):
    for url in [SEARCH_URL, card_url(wheelchair)]:
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_search_page_shows_the_form(logged_in, db):
    response = get(logged_in, SEARCH_URL)

    assert response.status_code == 200
    assert 'for="id_individual_no"' in response.text
    assert "Ange ett individnummer" not in response.text


def test_a_search_goes_to_the_card(logged_in, wheelchair):
    response = get(logged_in, f"{SEARCH_URL}?individual_no=+H123456+")

    assert response.redirect_chain == [(card_url(wheelchair), 302)]
    assert response.context["individual"] == wheelchair


def test_an_empty_search_asks_for_a_number(logged_in, wheelchair):
    response = get(logged_in, f"{SEARCH_URL}?individual_no=")

    assert "Ange ett individnummer." in response.text


def test_an_unknown_number_is_explained_and_kept(logged_in, wheelchair):
    response = get(logged_in, f"{SEARCH_URL}?individual_no=H999")

    assert response.redirect_chain == []
    assert "Det finns ingen individ med individnummer H999." in response.text
    assert 'value="H999"' in response.text


def test_a_too_long_number_is_explained(logged_in, wheelchair):
    response = get(logged_in, f"{SEARCH_URL}?individual_no={'1' * 31}")

    assert "som mest 30 tecken" in response.text


def test_an_unknown_card_is_404(logged_in, wheelchair):
    assert logged_in.get(reverse("individual_card", args=["H999"])).status_code == 404


def test_the_card_shows_article_place_and_warehouse(logged_in, wheelchair):
    wheelchair.location = IndividualLocation.IN_WAREHOUSE
    wheelchair.warehouse = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    wheelchair.save()

    response = get(logged_in, card_url(wheelchair))

    assert response.status_code == 200
    article_url = reverse("article_detail", args=["17940"])
    assert f'<a href="{article_url}">17940</a> Rullstol Cross' in response.text
    assert "I lager" in response.text
    assert str(wheelchair.warehouse) in response.text
    assert holder(response) == "Ingen mottagare har individen nu."
    assert "Individen har ingen historik." in response.text
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("persona", ["prescriber", "outsider", "staff"])
def test_every_persona_with_a_care_relationship_sees_a_patient_holder_logged(
    client, request, wheelchair, at_patient, patient, persona
):
    user = request.getfixturevalue(persona)
    log_in_caring_for(client, user, *([] if persona == "prescriber" else [patient]))

    response = get(client, card_url(wheelchair))

    assert holder(response).startswith("Åsa Lindén, ")
    assert "Storgatan 14 B, 903 25 Umeå" in holder(response)
    pnr = patient.personnummer
    assert f"{pnr[:8]}-{pnr[8:]}" in holder(response)
    [entry] = AccessLog.objects.all()
    assert entry.user == user
    assert entry.person == patient
    assert entry.action == AccessAction.VIEW
    assert entry.object_type == ContentType.objects.get_for_model(Individual)
    assert entry.object_id == str(wheelchair.pk)
    assert entry.path == card_url(wheelchair)
    assert "no-store" in response["Cache-Control"]


def test_a_patient_holder_links_to_the_patients_aids(logged_in, wheelchair, at_patient):
    response = get(logged_in, card_url(wheelchair))

    url = reverse("recipient_aids", args=[at_patient.person.pk])
    assert f'<a href="{url}">Mottagarens hjälpmedel</a>' in response.text


def test_arbetsorder_is_offered_while_the_holder_has_it_delivered(
    logged_in, wheelchair, at_patient
):
    url = reverse(
        "workorder_new_for_holding", args=[at_patient.person.pk, at_patient.pk]
    )
    assert f'href="{url}"' in get(logged_in, card_url(wheelchair)).text

    at_patient.delivered_on = None
    at_patient.save()

    assert f'href="{url}"' not in get(logged_in, card_url(wheelchair)).text


def test_a_protected_identity_shows_no_address(logged_in, wheelchair, at_patient):
    at_patient.person.protected_identity = True
    at_patient.person.save()

    response = get(logged_in, card_url(wheelchair))

    assert "Skyddad identitet" in holder(response)
    assert "Storgatan" not in response.text
    assert "903 25" not in response.text


def test_a_deceased_holder_is_marked(logged_in, wheelchair, at_patient):
    at_patient.person.deceased_on = date(2024, 3, 1)
    at_patient.person.save()

    assert "Åsa Lindén (avliden)" in holder(get(logged_in, card_url(wheelchair)))


def test_a_returned_holding_is_no_longer_the_holder(logged_in, wheelchair, at_patient):
    at_patient.returned_on = date(2025, 1, 10)
    at_patient.save()

    response = get(logged_in, card_url(wheelchair))

    assert holder(response) == "Ingen mottagare har individen nu."
    assert not AccessLog.objects.exists()


@pytest.fixture
def at_care_unit(wheelchair, customer):
    customer.name = "Hemtjänst Ersboda"
    customer.save()
    return HoldingFactory(
        person=None,
        care_unit=customer,
        article=wheelchair.article,
        individual=wheelchair,
    )


@pytest.mark.parametrize("persona", ["prescriber", "staff"])
def test_an_authorised_user_sees_the_care_unit(
    client, request, wheelchair, at_care_unit, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = get(client, card_url(wheelchair))

    assert "Hemtjänst Ersboda" in holder(response)
    url = reverse("recipient_aids", args=[at_care_unit.care_unit.kundid])
    assert f'<a href="{url}">Mottagarens hjälpmedel</a>' in response.text
    work_order_url = reverse(
        "workorder_new_for_holding",
        args=[at_care_unit.care_unit.kundid, at_care_unit.pk],
    )
    assert f'href="{work_order_url}"' in response.text
    assert not AccessLog.objects.exists()


def test_another_customers_prescriber_sees_only_that_it_is_at_a_care_unit(
    client, outsider, wheelchair, at_care_unit, customer
):
    client.force_login(outsider)

    response = get(client, card_url(wheelchair))

    assert holder(response).startswith("Hos en vårdenhet.")
    assert "Ersboda" not in response.text
    assert customer.kundid not in response.text
    assert "Mottagarens hjälpmedel" not in response.text


def test_the_history_is_newest_first_with_whom_warehouse_and_note(
    client, outsider, wheelchair, patient, customer
):
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    customer.name = "Hemtjänst Ersboda"
    customer.save()
    other = CustomerFactory(name="Hemtjänst Backen")
    outsider.authorisations.create(customer=other)
    for happened_on, kind, fields in [
        (date(2023, 5, 2), HistoryKind.DELIVERED, {"care_unit": customer}),
        (date(2024, 1, 9), HistoryKind.RETURNED, {"care_unit": customer}),
        (
            date(2024, 2, 1),
            HistoryKind.REPAIRED,
            {"warehouse": main, "note": "Ny dyna"},
        ),
        (date(2024, 3, 4), HistoryKind.DELIVERED, {"person": patient}),
        (date(2022, 1, 1), HistoryKind.DELIVERED, {"care_unit": other}),
    ]:
        IndividualHistoryFactory(
            individual=wheelchair, happened_on=happened_on, kind=kind, **fields
        )
    log_in_caring_for(client, outsider, patient)

    response = get(client, card_url(wheelchair))

    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", response.text, re.S)[1:]
    ]
    assert rows == [
        "2024-03-04 Levererad till Åsa Lindén",
        f"2024-02-01 Reparerad/anpassad {main} Ny dyna",
        "2024-01-09 Återlämnad från Vårdenhet",
        "2023-05-02 Levererad till Vårdenhet",
        f"2022-01-01 Levererad till {other}",
    ]
    assert "Ersboda" not in response.text
    [entry] = AccessLog.objects.all()
    assert entry.person == patient


def test_every_person_on_the_card_is_logged_once_in_one_insert(
    client, prescriber, wheelchair, at_patient, patient
):
    earlier = PersonFactory()
    for person in [earlier, patient, earlier]:
        IndividualHistoryFactory(individual=wheelchair, person=person)
    log_in_caring_for(client, prescriber, earlier)
    ContentType.objects.get_for_model(Person)

    with CaptureQueriesContext(connection) as queries:
        get(client, card_url(wheelchair))

    assert sorted(AccessLog.objects.values_list("person_id", flat=True)) == sorted(
        [str(patient.pk), str(earlier.pk)]
    )
    # pghistory puts its context in front of the statement.
    inserts = [q for q in queries if 'INSERT INTO "accounts_accesslog"' in q["sql"]]
    assert len(inserts) == 1


def queries_for_history(client, individual, count):
    patient = PersonFactory()
    IndividualHistory.objects.bulk_create(
        IndividualHistory(
            individual=individual,
            happened_on=date(2020, 1, 1),
            kind=HistoryKind.MOVED,
            person=patient if n % 2 else None,
            care_unit=CustomerFactory() if n % 3 == 0 else None,
            warehouse=Warehouse.objects.get(code=MAIN_WAREHOUSE),
        )
        for n in range(count)
    )
    ContentType.objects.get_for_model(Individual)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(card_url(individual))
    assert len(response.context["history"]) == count
    return len(queries)


def test_query_count_does_not_grow_with_the_history(logged_in, customer, db):
    few = IndividualFactory()
    HoldingFactory(person=None, care_unit=customer, article=few.article, individual=few)
    many = IndividualFactory()
    HoldingFactory(
        person=None, care_unit=customer, article=many.article, individual=many
    )

    assert queries_for_history(logged_in, few, 5) == queries_for_history(
        logged_in, many, 100
    )

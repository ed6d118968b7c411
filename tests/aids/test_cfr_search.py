"""CFR (F-16): search the population register by POST, any combination of
name, personnummer, street, postal code and city; every hit list is logged."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.forms import CfrSearchForm
from aids.models import Person
from aids.views.population import MAX_HITS
from tests.factories import PersonFactory, personnummer

URL = reverse("cfr")


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client


@pytest.fixture
def asa(db):
    return PersonFactory(
        personnummer="194501011235",
        first_name="Åsa",
        last_name="Lindén",
        street="Storgatan 14 B",
        postal_code="903 25",
        city="Umeå",
    )


@pytest.fixture
def erik(db):
    return PersonFactory(
        personnummer="196212240011",
        first_name="Erik",
        last_name="Nilsson",
        street="Kungsgatan 3",
        postal_code="93131",
        city="Skellefteå",
    )


def search(client, **criteria):
    response = client.post(URL, criteria)
    assert_no_personnummer_in_urls(response)
    return response


def hits(response):
    return [person.last_name for person in response.context["hits"]]


def assert_no_personnummer_in_urls(response):
    """Neither the request, a redirect nor any link or form target of the
    page carries a stored personnummer (12 digits) or its 10-digit form."""
    numbers = set(Person.objects.values_list("personnummer", flat=True))
    numbers |= {number[2:] for number in numbers}
    urls = [response.request["PATH_INFO"], response.request.get("QUERY_STRING", "")]
    urls += [url for url, _status in getattr(response, "redirect_chain", [])]
    urls.append(response.get("Location", ""))
    urls += re.findall(r'(?:href|action|src)="([^"]*)"', response.text)
    for url in urls:
        digits = re.sub(r"\D", "", url)
        assert not any(number in digits for number in numbers), url


def test_it_requires_login(client, db):
    response = client.post(URL, {"name": "Lindén"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_empty_page_shows_the_form_and_logs_nothing(logged_in, asa):
    response = logged_in.get(URL)

    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert 'name="personnummer"' in response.text
    assert "Sökresultat" not in response.text
    assert "Lindén" not in response.text
    assert "no-store" in response["Cache-Control"]
    assert not AccessLog.objects.exists()


def test_a_search_without_criteria_asks_for_one(logged_in, asa):
    response = search(logged_in, name=" ", personnummer="", city="")

    assert "Ange minst ett sökvillkor." in response.text
    assert response.context["hits"] is None
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    "typed",
    ["Åsa Lindén", "linden asa", "LIND", "åsa", "ASA LINDEN", "indé", "Lindén, Åsa"],
)
def test_name_parts_in_any_order_case_and_accents(logged_in, asa, erik, typed):
    assert hits(search(logged_in, name=typed)) == ["Lindén"]


def test_every_name_part_must_match(logged_in, asa, erik):
    response = search(logged_in, name="åsa nilsson")

    assert hits(response) == []
    assert "Ingen person matchar sökvillkoren." in response.text


def test_name_wildcards_are_plain_text(logged_in, asa):
    assert hits(search(logged_in, name="lind%n")) == []
    assert hits(search(logged_in, name="_sa")) == []


@pytest.mark.parametrize(
    "typed",
    ["1945", "194501", "19450101-1235", "194501011235", "450101-1235", " 1945 01 "],
)
def test_personnummer_or_its_beginning(logged_in, asa, erik, typed):
    assert hits(search(logged_in, personnummer=typed)) == ["Lindén"]


@pytest.mark.parametrize(
    "typed, error",
    [
        ("194", "Ange minst 4 siffror av personnumret."),
        ("19-4", "Ange minst 4 siffror av personnumret."),
        ("1945O1", "Ange personnumret med siffror, med eller utan bindestreck."),
        ("19-45-01", "Ange personnumret med siffror, med eller utan bindestreck."),
        ("²" * 12, "Ange personnumret med siffror, med eller utan bindestreck."),
        ("1945010112351", "Ett personnummer har högst 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("194501011238", "Personnumret är felaktigt: kontrollsiffran stämmer inte."),
        ("194502301239", "Personnumret innehåller ett datum som inte finns."),
    ],
)
def test_bad_personnummer_is_explained_and_kept(logged_in, asa, typed, error):
    response = search(logged_in, personnummer=typed)

    assert error in response.context["form"].errors["personnummer"]
    assert error in response.text
    assert f'value="{typed}"' in response.text
    assert response.context["hits"] is None
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("typed", ["storgatan", "GATAN 14", "14 b storg"])
def test_street_whole_or_part(logged_in, asa, erik, typed):
    assert hits(search(logged_in, street=typed)) == ["Lindén"]


@pytest.mark.parametrize(
    "typed, found",
    [
        ("903 25", ["Lindén"]),
        ("90325", ["Lindén"]),
        ("9032", ["Lindén"]),
        ("9", ["Lindén", "Nilsson"]),
        ("931 3", ["Nilsson"]),
        ("93131", ["Nilsson"]),
        ("904", []),
    ],
)
def test_postal_code_beginning_with_or_without_spaces(
    logged_in, asa, erik, typed, found
):
    assert hits(search(logged_in, postal_code=typed)) == found


@pytest.mark.parametrize("typed", ["90A", "9²"])
def test_a_postal_code_with_letters_is_explained(logged_in, asa, typed):
    response = search(logged_in, postal_code=typed)

    assert "Ange postnumret med siffror." in response.text
    assert response.context["hits"] is None


@pytest.mark.parametrize("typed", ["umeå", "UMEÅ", " Umeå "])
def test_city_ignores_case(logged_in, asa, erik, typed):
    assert hits(search(logged_in, city=typed)) == ["Lindén"]


def test_city_is_the_whole_name(logged_in, asa):
    assert hits(search(logged_in, city="Ume")) == []


def test_all_criteria_given_must_match(logged_in, asa, erik):
    PersonFactory(first_name="Åsa", last_name="Lindström", city="Skellefteå")

    assert hits(search(logged_in, name="åsa", city="skellefteå")) == ["Lindström"]
    assert hits(search(logged_in, name="åsa", personnummer="1962")) == []


def test_hits_show_name_personnummer_and_address(logged_in, asa):
    response = search(logged_in, name="lindén")

    assert "Lindén, Åsa" in response.text
    assert "19450101-1235" in response.text
    assert "Storgatan 14 B, 903 25 Umeå" in response.text
    assert "(avliden)" not in response.text
    assert "Skyddad identitet" not in response.text


def test_each_hit_links_to_the_persons_aids_by_opaque_id(logged_in, asa, erik):
    response = search(logged_in, postal_code="9")

    for person in [asa, erik]:
        url = reverse("recipient_aids", args=[person.pk])
        assert f'<a href="{url}">Hjälpmedel' in response.text


def test_names_and_addresses_are_escaped(logged_in, db):
    PersonFactory(first_name="<b>Ola</b>", last_name="Ek & Co", street='"Gatan" 1')

    response = search(logged_in, name="ola")

    assert "Ek &amp; Co, &lt;b&gt;Ola&lt;/b&gt;" in response.text
    assert "&quot;Gatan&quot; 1, 903 25 Umeå" in response.text
    assert "<b>Ola" not in response.text


def test_a_deceased_person_is_marked_after_the_name(logged_in, asa):
    asa.deceased_on = date(2024, 3, 1)
    asa.save()

    assert "Lindén, Åsa (avliden)" in search(logged_in, name="lindén").text


def test_a_protected_identity_shows_no_address(logged_in, asa):
    asa.protected_identity = True
    asa.save()

    response = search(logged_in, name="lindén")

    assert "Lindén, Åsa" in response.text
    assert "Skyddad identitet" in response.text
    assert "Storgatan" not in response.text
    assert "903 25" not in response.text


@pytest.mark.parametrize(
    "criteria",
    [
        {"street": "Backvägen 31"},
        {"street": "backvagen"},
        {"postal_code": "90325"},
        {"postal_code": "903"},
        {"city": "umeå"},
        {"name": "lindén", "street": "Backvägen 31"},
        {"name": "lindén", "city": "Umeå"},
    ],
)
def test_a_protected_identity_is_never_found_by_its_address(logged_in, asa, criteria):
    """Stepping through house numbers must not find where the person lives."""
    asa.street = "Backvägen 31"
    asa.protected_identity = True
    asa.save()
    PersonFactory(
        first_name="Bo", last_name="Ek", street="Backvägen 31", postal_code="90325"
    )

    assert "Lindén" not in hits(search(logged_in, **criteria))


def test_a_protected_identity_is_found_by_name_and_personnummer(logged_in, asa):
    asa.protected_identity = True
    asa.save()

    assert hits(search(logged_in, name="åsa lindén")) == ["Lindén"]
    assert hits(search(logged_in, personnummer="19450101")) == ["Lindén"]


def test_hits_are_ordered_by_last_then_first_name(logged_in, db):
    for first, last in [("Olle", "Ek"), ("Anna", "Åberg"), ("Bo", "Ek"), ("Eva", "Al")]:
        PersonFactory(first_name=first, last_name=last, city="Vindeln")

    found = search(logged_in, city="vindeln").context["hits"]

    assert [(p.last_name, p.first_name) for p in found] == [
        ("Al", "Eva"),
        ("Ek", "Bo"),
        ("Ek", "Olle"),
        ("Åberg", "Anna"),
    ]


def bulk_persons(count, start=5000, **fields):
    return Person.objects.bulk_create(
        Person(
            personnummer=personnummer(start + n),
            first_name="Per",
            last_name=f"Holm{n:03d}",
            **fields,
        )
        for n in range(count)
    )


def test_at_most_100_hits_with_a_message_when_more_matched(logged_in, db):
    bulk_persons(MAX_HITS + 1, city="Sorsele")

    response = search(logged_in, city="sorsele")

    assert len(response.context["hits"]) == MAX_HITS
    assert hits(response)[-1] == "Holm099"
    assert "Fler än 100 personer matchar sökvillkoren." in response.text
    assert AccessLog.objects.count() == MAX_HITS


def test_exactly_100_hits_give_no_message(logged_in, db):
    bulk_persons(MAX_HITS, city="Sorsele")

    response = search(logged_in, city="sorsele")

    assert len(response.context["hits"]) == MAX_HITS
    assert "Fler än" not in response.text


@pytest.mark.parametrize("persona", ["prescriber", "outsider", "staff"])
def test_every_persona_may_search_and_each_hit_is_logged(
    client, request, asa, erik, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = search(client, postal_code="9")

    assert hits(response) == ["Lindén", "Nilsson"]
    entries = AccessLog.objects.filter(user=user)
    assert sorted(entry.person_id for entry in entries) == sorted(
        [str(asa.pk), str(erik.pk)]
    )
    assert {entry.action for entry in entries} == {AccessAction.SEARCH}
    assert {entry.path for entry in entries} == {URL}
    assert all(
        entry.person == asa for entry in entries if entry.person_id == str(asa.pk)
    )


def test_no_hits_log_nothing(logged_in, asa):
    search(logged_in, name="nobody")

    assert not AccessLog.objects.exists()


def queries_for_hits(client, count, city, start):
    bulk_persons(count, start, city=city)
    ContentType.objects.get_for_model(Person)  # cached once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"city": city})
    assert len(response.context["hits"]) == count
    return [query["sql"] for query in queries.captured_queries]


def test_query_count_does_not_grow_with_the_hits(logged_in, db):
    few = queries_for_hits(logged_in, 5, "Åsele", start=5000)
    many = queries_for_hits(logged_in, 100, "Malå", start=6000)

    assert len(few) == len(many)
    # pghistory puts its context in front of the statement.
    inserts = [sql for sql in many if 'INSERT INTO "accounts_accesslog"' in sql]
    assert len(inserts) == 1


def test_the_search_is_done_by_indexes(logged_in, asa):
    """With sequential scans made expensive, PostgreSQL can answer each
    criterion from an index: no criterion needs a scan of the register."""
    for criteria, index in [
        ({"name": "lindén"}, "person_name_trgm"),
        ({"street": "storgatan"}, "person_street_trgm"),
        ({"personnummer": "1945"}, "person_pnr_prefix"),
        ({"postal_code": "903 2"}, "person_postal_code"),
        ({"city": "umeå"}, "person_city"),
    ]:
        form = CfrSearchForm(criteria)
        assert form.is_valid(), form.errors
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = form.search().explain()
        assert index in plan, plan

"""Imports of the population register (persons) and of held aids (holdings)."""

import datetime

import pytest
from stdnum import luhn

from aids.choices import HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory, Person
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    PayerFactory,
    UserFactory,
)
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .helpers import import_csv, import_fails

pytestmark = pytest.mark.django_db

PERSON_HEADER = (
    "personnummer;first_name;last_name;street;postal_code;city;phone;deceased_on"
)
HOLDING_HEADER = (
    "recipient;article_no;individual_no;quantity;delivered_on;payer;prescriber"
)


def personnummer(first_eleven):
    """`first_eleven` digits completed with their check digit."""
    return first_eleven + luhn.calc_check_digit(first_eleven[2:])


ASTRID = personnummer("19400101123")
BERTIL = personnummer("19521224987")
# Samordningsnummer: day of birth + 60.
CHEN = personnummer("19850772456")


def wrong_check_digit(number):
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def aids_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Person, Holding, Individual, IndividualHistory)
    }


def test_persons_are_imported_and_a_second_import_changes_nothing(csv_file):
    path = csv_file(
        [
            PERSON_HEADER,
            f"{ASTRID};Astrid;Öberg;Storgatan 3;903 25;Umeå;090-12 34 56;",
            f"{BERTIL};Bertil;Lindström;;;;;2025-03-01",
            f"{CHEN};Chen;Li;Skolgatan 1;931 30;Skellefteå;;",
        ]
    )

    assert import_csv("persons", path).endswith(
        ": 3 skapade, 0 ändrade, 0 oförändrade\n"
    )
    astrid = Person.objects.get(personnummer=ASTRID)
    assert (astrid.first_name, astrid.last_name, astrid.street, astrid.city) == (
        "Astrid",
        "Öberg",
        "Storgatan 3",
        "Umeå",
    )
    assert astrid.deceased_on is None
    assert Person.objects.get(personnummer=BERTIL).deceased_on == datetime.date(
        2025, 3, 1
    )
    before = aids_counts()
    assert import_csv("persons", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )
    assert aids_counts() == before


def test_an_import_updates_a_person_and_keeps_the_protected_identity(csv_file):
    Person.objects.create(
        personnummer=ASTRID,
        first_name="Astrid",
        last_name="Öberg",
        street="Hemlig väg 1",
        protected_identity=True,
    )
    path = csv_file([PERSON_HEADER, f"{ASTRID};Astrid;Lund;;;;;2026-01-02"])

    assert import_csv("persons", path).endswith(
        ": 0 skapade, 1 ändrade, 0 oförändrade\n"
    )
    astrid = Person.objects.get()
    assert (astrid.last_name, astrid.street, astrid.deceased_on) == (
        "Lund",
        "",
        datetime.date(2026, 1, 2),
    )
    assert astrid.protected_identity


def test_the_protected_identity_column_sets_and_clears_the_protection(csv_file):
    for number in (ASTRID, BERTIL):
        Person.objects.create(
            personnummer=number, first_name="A", last_name="B", protected_identity=True
        )
    path = csv_file(
        [
            PERSON_HEADER + ";protected_identity",
            f"{ASTRID};Astrid;Öberg;;;;;;0",
            f"{BERTIL};Bertil;Lindström;;;;;;",
            f"{CHEN};Chen;Li;Backvägen 31;907 42;Umeå;;;1",
        ]
    )

    assert import_csv("persons", path).endswith(
        ": 1 skapade, 2 ändrade, 0 oförändrade\n"
    )
    assert dict(Person.objects.values_list("personnummer", "protected_identity")) == {
        ASTRID: False,
        BERTIL: False,
        CHEN: True,
    }
    assert import_csv("persons", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )


def test_a_bad_protected_identity_is_reported(csv_file):
    path = csv_file(
        [PERSON_HEADER + ";protected_identity", f"{ASTRID};Astrid;Öberg;;;;;;ja"]
    )

    assert import_fails("persons", path) == [
        f"{path}:2: protected_identity: ange 1 eller 0, inte ja"
    ]


def test_bad_persons_are_reported_without_their_personnummer(csv_file):
    path = csv_file(
        [
            PERSON_HEADER,
            f"{wrong_check_digit(ASTRID)};Astrid;Öberg;;;;;",
            "19400231123" + "4" + ";Feb;Ruari;;;;;",
            f"{ASTRID[2:]};Tio;Siffror;;;;;",
            f"{BERTIL};;Lindström;;;;;2025-02-30",
            f"{CHEN};Chen;Li;;;;;",
            f"{CHEN};Chen;Li;;;;;",
        ]
    )

    errors = import_fails("persons", path)

    assert errors == [
        f"{path}:2: personnummer: Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        f"{path}:3: personnummer: Personnumret innehåller ett datum som inte finns.",
        f"{path}:4: personnummer: Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN.",
        f"{path}:5: deceased_on: 2025-02-30 är inte ett datum ÅÅÅÅ-MM-DD",
        f"{path}:5: first_name: Detta fält får inte vara tomt.",
        f"{path}:7: personnummer: personnumret finns redan på rad 6",
    ]
    assert not any(number in "\n".join(errors) for number in (ASTRID, CHEN))
    assert not Person.objects.exists()


@pytest.fixture
def register(db):
    """Two persons, a care unit, a payer, a prescriber and three articles,
    one of them individually marked."""
    for number, first_name in ((ASTRID, "Astrid"), (BERTIL, "Bertil")):
        Person.objects.create(
            personnummer=number, first_name=first_name, last_name="Öberg"
        )
    CustomerFactory(kundid="41001")
    PayerFactory(betalarid="10001")
    UserFactory(username="anna.lind")
    ArticleFactory(article_no="12345", individually_marked=True, name="Rullstol")
    ArticleFactory(article_no="12346", individually_marked=True, name="Säng")
    ArticleFactory(article_no="23456", name="Dyna")


def test_holdings_without_individuals_are_imported_as_delivered(csv_file, register):
    path = csv_file(
        [
            HOLDING_HEADER,
            f"{ASTRID};23456;;2;2024-05-02;10001;anna.lind",
            f"{ASTRID};23456;;1;2025-01-10;;",
            "41001;23456;;4;2024-05-02;10001;",
        ]
    )

    assert import_csv("holdings", path).endswith(
        ": 3 skapade, 0 ändrade, 0 oförändrade\n"
    )
    first = Holding.objects.get(person__personnummer=ASTRID, quantity=2)
    assert (
        first.article.article_no,
        first.delivered_on,
        first.delivered_quantity,
        first.payer.betalarid,
        first.prescriber.username,
        first.individual,
        first.returned_on,
    ) == ("23456", datetime.date(2024, 5, 2), 2, "10001", "anna.lind", None, None)
    unit = Holding.objects.get(care_unit__kundid="41001")
    assert (unit.person, unit.quantity, unit.delivered_quantity) == (None, 4, 4)
    assert not Individual.objects.exists()


def test_an_individual_is_created_at_its_recipient_with_a_delivered_event(
    csv_file, register
):
    path = csv_file(
        [
            HOLDING_HEADER,
            f"{ASTRID};12345;R-0001;1;2024-05-02;10001;anna.lind",
            "41001;12346;S-0001;1;2023-11-30;;",
        ]
    )

    import_csv("holdings", path)

    chair = Individual.objects.get(individual_no="R-0001")
    assert (chair.article.article_no, chair.location, chair.warehouse) == (
        "12345",
        IndividualLocation.AT_RECIPIENT,
        None,
    )
    assert Holding.objects.get(individual=chair).person.personnummer == ASTRID
    assert list(
        IndividualHistory.objects.values_list(
            "individual__individual_no", "kind", "happened_on", "person", "care_unit"
        ).order_by("individual__individual_no")
    ) == [
        (
            "R-0001",
            HistoryKind.DELIVERED,
            datetime.date(2024, 5, 2),
            Person.objects.get(personnummer=ASTRID).pk,
            None,
        ),
        (
            "S-0001",
            HistoryKind.DELIVERED,
            datetime.date(2023, 11, 30),
            None,
            CustomerFactory(kundid="41001").pk,
        ),
    ]


def test_a_second_import_of_the_same_holdings_changes_nothing_in_a_few_queries(
    csv_file, register, django_assert_max_num_queries
):
    path = csv_file(
        [
            HOLDING_HEADER,
            f"{ASTRID};12345;R-0001;1;2024-05-02;10001;anna.lind",
            f"{BERTIL};12345;R-0002;1;2024-05-03;10001;anna.lind",
            f"{ASTRID};23456;;2;2024-05-02;10001;anna.lind",
            "41001;23456;;4;2024-05-02;;",
        ]
    )
    import_csv("holdings", path)
    before = aids_counts()

    with django_assert_max_num_queries(15):
        out = import_csv("holdings", path)

    assert out.endswith(": 0 skapade, 0 ändrade, 4 oförändrade\n")
    assert aids_counts() == before


def test_a_changed_row_updates_its_holding_and_the_delivered_event(csv_file, register):
    import_csv(
        "holdings",
        csv_file(
            [
                HOLDING_HEADER,
                f"{ASTRID};12345;R-0001;1;2024-05-02;10001;anna.lind",
                f"{ASTRID};23456;;2;2024-05-02;10001;anna.lind",
            ]
        ),
    )

    out = import_csv(
        "holdings",
        csv_file(
            [
                HOLDING_HEADER,
                f"{BERTIL};12345;R-0001;1;2024-06-01;10001;anna.lind",
                f"{ASTRID};23456;;3;2024-05-02;;",
            ]
        ),
    )

    assert out.endswith(": 0 skapade, 2 ändrade, 0 oförändrade\n")
    chair = Holding.objects.get(individual__individual_no="R-0001")
    assert (chair.person.personnummer, chair.delivered_on) == (
        BERTIL,
        datetime.date(2024, 6, 1),
    )
    assert list(
        IndividualHistory.objects.values_list("happened_on", "person__personnummer")
    ) == [(datetime.date(2024, 6, 1), BERTIL)]
    cushion = Holding.objects.get(article__article_no="23456")
    assert (cushion.quantity, cushion.delivered_quantity, cushion.payer) == (
        3,
        3,
        None,
    )


def test_an_individual_in_a_warehouse_moves_to_its_recipient(csv_file, register):
    chair = Individual.objects.create(
        individual_no="R-0001",
        article=ArticleFactory(article_no="12345"),
        warehouse=Warehouse.objects.get(code=MAIN_WAREHOUSE),
    )

    out = import_csv(
        "holdings",
        csv_file([HOLDING_HEADER, f"{ASTRID};12345;R-0001;1;2024-05-02;;"]),
    )

    assert out.endswith(": 1 skapade, 0 ändrade, 0 oförändrade\n")
    chair.refresh_from_db()
    assert (chair.location, chair.warehouse) == (IndividualLocation.AT_RECIPIENT, None)
    assert Individual.objects.count() == 1


def test_a_dry_run_stores_no_holding(csv_file, register):
    out = import_csv(
        "holdings",
        csv_file([HOLDING_HEADER, f"{ASTRID};12345;R-0001;1;2024-05-02;;"]),
        "--dry-run",
    )

    assert "1 skapade" in out
    assert aids_counts() == {
        "Person": 2,
        "Holding": 0,
        "Individual": 0,
        "IndividualHistory": 0,
    }


def test_bad_holdings_are_reported_and_nothing_is_stored(csv_file, register):
    ArticleFactory(article_no="34567", individually_marked=True)
    Individual.objects.create(individual_no="X-0001", article_id=ArticleFactory().pk)
    unknown = personnummer("19991231999")
    path = csv_file(
        [
            HOLDING_HEADER,
            f"{wrong_check_digit(ASTRID)};23456;;1;2024-05-02;;",
            "194002301234;23456;;1;2024-05-02;;",
            f"{unknown};23456;;1;2024-05-02;;",
            "99999;23456;;1;2024-05-02;;",
            "4100;23456;;1;2024-05-02;;",
            f"{ASTRID};99999;;1;2024-05-02;;",
            f"{ASTRID};23456;;1;2024-05-02;99999;",
            f"{ASTRID};23456;;1;2024-05-03;;okand.person",
            f"{ASTRID};23456;D-0001;1;2024-05-04;;",
            f"{ASTRID};34567;X-0001;1;2024-05-02;;",
            f"{ASTRID};12345;R-0001;1;2024-05-02;;",
            f"{BERTIL};12346;R-0001;1;2024-05-02;;",
            f"{ASTRID};23456;;-1;2024-05-05;;",
            f"{ASTRID};23456;;0;2024-05-06;;",
            f"{ASTRID};23456;;1;2024-02-30;;",
            f"{BERTIL};23456;;1;2024-05-02;;",
            f"{BERTIL};23456;;2;2024-05-02;;",
            f"{BERTIL};12345;R-0002;2;2024-05-02;;",
            f"{BERTIL};;;;;;",
        ]
    )
    before = aids_counts()

    errors = import_fails("holdings", path)

    assert errors == [
        f"{path}:2: recipient: Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        f"{path}:3: recipient: Personnumret innehåller ett datum som inte finns.",
        f"{path}:4: recipient: personnumret finns inte i personregistret",
        f"{path}:5: recipient: okänd kund 99999",
        f"{path}:6: recipient: ange ett personnummer med 12 siffror eller ett kundid "
        "med 5 siffror",
        f"{path}:7: article_no: okänd artikel 99999",
        f"{path}:8: payer: okänd betalare 99999",
        f"{path}:9: prescriber: okänd förskrivare okand.person",
        f"{path}:10: individual_no: artikel 23456 är inte individmärkt",
        f"{path}:11: individual_no: individen är en annan artikel, "
        f"{Individual.objects.get().article.article_no}",
        f"{path}:13: individual_no: individnumret finns redan på rad 12",
        f"{path}:14: quantity: -1 är mindre än 1",
        f"{path}:15: quantity: 0 är mindre än 1",
        f"{path}:16: delivered_on: 2024-02-30 är inte ett datum ÅÅÅÅ-MM-DD",
        f"{path}:18: delivered_on: mottagaren har samma artikel med samma "
        "leveransdatum på rad 17",
        f"{path}:19: quantity: en individ är en enhet: antalet ska vara 1",
        f"{path}:20: article_no: värde saknas",
        f"{path}:20: quantity: värde saknas",
        f"{path}:20: delivered_on: värde saknas",
    ]
    assert not any(number in "\n".join(errors) for number in (ASTRID, BERTIL, unknown))
    assert aids_counts() == before

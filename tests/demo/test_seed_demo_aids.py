"""seed_demo's population register and held aids."""

import re
from io import StringIO

from django.core.management import call_command
from django.db.models import F

from aids.choices import HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory, Person
from core.validators import swedish_phone_number, validate_personnummer

DEMO_CUSTOMERS = {"41001", "41002", "52001", "60101", "60102"}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Person, Holding, Individual, IndividualHistory)
    }


def test_about_200_persons_with_valid_numbers_some_deceased_some_protected(seeded):
    assert 180 <= Person.objects.count() <= 220
    for number in Person.objects.values_list("personnummer", flat=True):
        validate_personnummer(number)
    assert Person.objects.filter(deceased_on__isnull=False).count() >= 3
    assert Person.objects.filter(protected_identity=True).count() >= 2
    assert not Person.objects.filter(city="").exists()


def test_every_persons_phone_is_one_the_forms_accept(seeded):
    # A pickup order proposes it; a number of the wrong length would be
    # refused on a form the prescriber did not fill in.
    for phone in Person.objects.values_list("phone", flat=True):
        swedish_phone_number(phone)


def test_the_printed_demo_patient_has_aids_and_an_individual(seeded):
    number = re.search(r"Demo patient: (\d{12}) Astrid Lindqvist", seeded).group(1)
    patient = Person.objects.get(personnummer=number)

    assert patient.holdings.count() >= 6
    assert patient.holdings.filter(individual__isnull=False).exists()


def test_holdings_of_every_kind(seeded):
    patients = Holding.objects.filter(person__isnull=False)
    assert patients.count() >= 300
    assert patients.filter(returned_on__isnull=False).exists()
    undelivered = Holding.objects.filter(delivered_on__isnull=True)
    assert undelivered.exists()
    assert not undelivered.exclude(delivered_quantity=0).exists()
    assert not Holding.objects.filter(
        delivered_on__isnull=False, delivered_quantity=0
    ).exists()
    assert not Holding.objects.filter(returned_on__lt=F("delivered_on")).exists()
    assert (
        set(
            Holding.objects.filter(care_unit__isnull=False).values_list(
                "care_unit__kundid", flat=True
            )
        )
        == DEMO_CUSTOMERS
    )
    assert not Holding.objects.filter(prescriber__isnull=True).exists()
    assert not Holding.objects.filter(payer__isnull=True).exists()


def test_i_marked_aids_have_individuals_with_history(seeded):
    marked = Holding.objects.filter(
        article__individually_marked=True, delivered_on__isnull=False
    )
    assert marked.exists()
    assert not marked.filter(individual__isnull=True).exists()
    assert not Holding.objects.filter(
        individual__isnull=False, article__individually_marked=False
    ).exists()
    kinds = set(IndividualHistory.objects.values_list("kind", flat=True))
    assert {
        HistoryKind.DELIVERED,
        HistoryKind.REPAIRED,
        HistoryKind.MOVED,
        HistoryKind.RETURNED,
    } <= kinds
    returned = Individual.objects.filter(holdings__returned_on__isnull=False).exclude(
        holdings__returned_on__isnull=True
    )
    assert returned.exists()
    assert not returned.exclude(location=IndividualLocation.TO_REFURBISH).exists()
    assert (
        not Individual.objects.filter(
            holdings__returned_on__isnull=True, holdings__delivered_on__isnull=False
        )
        .exclude(location=IndividualLocation.AT_RECIPIENT)
        .exists()
    )


def test_seeding_again_changes_nothing(seeded):
    before = counts()
    holdings = list(Holding.objects.order_by("order_number", "pk").values())

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    assert list(Holding.objects.order_by("order_number", "pk").values()) == holdings

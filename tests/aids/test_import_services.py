"""The individuals and history an import of held aids records, written by
the aids services that the holdings importer calls."""

from datetime import date

import pytest

from aids.choices import HistoryKind, IndividualLocation
from aids.models import Individual, IndividualHistory
from aids.services import place_individuals_at_recipients, record_deliveries
from tests.factories import (
    ArticleFactory,
    IndividualFactory,
    IndividualHistoryFactory,
    PersonFactory,
)
from warehouse.models import MAIN_WAREHOUSE, Warehouse

pytestmark = pytest.mark.django_db


def test_new_individuals_are_registered_and_stored_ones_leave_the_warehouse():
    walker = ArticleFactory(individually_marked=True)
    stored = IndividualFactory(
        article=walker,
        location=IndividualLocation.IN_WAREHOUSE,
        warehouse=Warehouse.objects.get(code=MAIN_WAREHOUSE),
    )

    pks = place_individuals_at_recipients(
        {"I900001": walker, "I900002": walker}, placed=[stored.pk], batch_size=1
    )

    assert list(
        Individual.objects.filter(pk__in=pks)
        .order_by("pk")
        .values_list("individual_no", "article", "location", "warehouse")
    ) == [
        ("I900001", walker.pk, IndividualLocation.AT_RECIPIENT, None),
        ("I900002", walker.pk, IndividualLocation.AT_RECIPIENT, None),
    ]
    stored.refresh_from_db()
    assert (stored.location, stored.warehouse) == (
        IndividualLocation.AT_RECIPIENT,
        None,
    )


def test_deliveries_are_recorded_and_corrected_ones_removed():
    person = PersonFactory()
    individual = IndividualFactory()
    corrected = IndividualHistoryFactory(individual=individual, person=person)

    record_deliveries(
        [(individual.pk, date(2026, 3, 2), person.pk, None)],
        removed=[corrected.pk],
        batch_size=1,
    )

    assert list(
        IndividualHistory.objects.values_list(
            "individual", "happened_on", "person", "care_unit", "kind"
        )
    ) == [(individual.pk, date(2026, 3, 2), person.pk, None, HistoryKind.DELIVERED)]

"""audit.bulk_insert writes rows and their insert events, a batch at a time."""

import pghistory
import pytest
from django.db import transaction

from accounts.models import Payer
from aids.choices import IndividualLocation
from aids.models import Individual
from core import audit
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PayerEvent = Payer.pgh_event_model


def event_rows(betalarids):
    return {
        event.betalarid: (event.name, event.pgh_label, event.pgh_context.metadata)
        for event in PayerEvent.objects.filter(betalarid__in=betalarids).select_related(
            "pgh_context"
        )
    }


def test_it_writes_the_events_the_trigger_writes_once_per_row():
    with transaction.atomic(), pghistory.context(import_file="betalare.csv"):
        Payer.objects.create(betalarid="10001", name="Umeå kommun")
        pks = audit.bulk_insert(
            Payer,
            ["betalarid", "name"],
            [(f"{20000 + i}", f"Betalare {i}") for i in range(5)],
            batch_size=2,
        )
        Payer.objects.create(betalarid="10002", name="Skellefteå kommun")

    assert list(Payer.objects.filter(pk__in=pks).values_list("pk", "name")) == [
        (pk, f"Betalare {i}") for i, pk in enumerate(pks)
    ]
    assert event_rows(["10001", "10002"]) == {
        "10001": ("Umeå kommun", "insert", {"import_file": "betalare.csv"}),
        "10002": ("Skellefteå kommun", "insert", {"import_file": "betalare.csv"}),
    }
    assert event_rows([f"{20000 + i}" for i in range(5)]) == {
        f"{20000 + i}": (f"Betalare {i}", "insert", {"import_file": "betalare.csv"})
        for i in range(5)
    }
    assert PayerEvent.objects.count() == 7
    assert set(PayerEvent.objects.values_list("pgh_obj_id", flat=True)) == set(
        Payer.objects.values_list("pk", flat=True)
    )
    assert PayerEvent.objects.values("pgh_created_at").distinct().count() == 1


def test_fields_not_given_take_their_defaults():
    article = ArticleFactory()

    (pk,) = audit.bulk_insert(
        Individual, ["individual_no", "article_id"], [("R-1", article.pk)]
    )

    individual = Individual.objects.get(pk=pk)
    assert (individual.location, individual.warehouse) == (
        IndividualLocation.IN_WAREHOUSE,
        None,
    )
    assert Individual.pgh_event_model.objects.get().location == "warehouse"

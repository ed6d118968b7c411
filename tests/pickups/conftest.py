import uuid

import pytest

from aids.choices import AddressChoice
from pickups import services
from pickups.models import PickupReason
from tests.factories import (
    ArticleFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
)


@pytest.fixture
def person(db):
    return PersonFactory(personnummer="194001012386")


@pytest.fixture
def reason(db):
    # get_or_create: live-server tests empty the migration's rows too.
    return PickupReason.objects.get_or_create(name="Behovet upphört")[0]


@pytest.fixture
def wheelchair(person):
    """An I-marked aid the patient has."""
    article = ArticleFactory(individually_marked=True, name="Rullstol")
    return HoldingFactory(
        person=person, article=article, individual=IndividualFactory(article=article)
    )


@pytest.fixture
def cushion(person):
    """An aid without individual number, two delivered."""
    return HoldingFactory(
        person=person,
        article=ArticleFactory(name="Sittdyna"),
        quantity=2,
        delivered_quantity=2,
    )


@pytest.fixture
def make_pickup(prescriber, customer, person, reason):
    """A pickup through the service; keyword arguments override its fields."""

    def make(holdings=(), token=None, user=None, **fields):
        return services.create_pickup(
            token or uuid.uuid4(),
            user or prescriber,
            person,
            customer,
            **{
                "holding_ids": [held.pk for held in holdings],
                "reason": reason,
                "phone": "070-123 45 67",
                "address_choice": AddressChoice.RECIPIENT,
                **fields,
            },
        )

    return make

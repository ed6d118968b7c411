import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.access import AccessContext
from aids.recipients import Recipient
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PayerFactory,
    PersonFactory,
)
from transfers import services

# A Wednesday in the middle of a month: the 1st to today may be chosen.
TODAY = date(2026, 3, 18)
DELIVERED = date(2026, 1, 10)


@pytest.fixture(autouse=True)
def mid_march(time_machine):
    time_machine.move_to(
        datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )


@pytest.fixture
def person(db):
    return PersonFactory(personnummer="194001012386")


@pytest.fixture
def store(customer):
    """The prescriber's customer as a care unit with an own store."""
    return customer


@pytest.fixture
def old_payer(db):
    return PayerFactory(betalarid="21000", name="Umeå kommun")


@pytest.fixture
def new_payer(db):
    return PayerFactory(betalarid="22000", name="Region Västerbotten")


@pytest.fixture
def rollator(person, customer, prescriber, old_payer):
    """An I-marked rollator the patient has had since January."""
    article = ArticleFactory(individually_marked=True, name="Rollator")
    return HoldingFactory(
        person=person,
        article=article,
        individual=IndividualFactory(article=article),
        customer=customer,
        prescriber=prescriber,
        payer=old_payer,
        delivered_on=DELIVERED,
    )


@pytest.fixture
def cushion(person, customer, prescriber, old_payer):
    return HoldingFactory(
        person=person,
        article=ArticleFactory(name="Sittdyna"),
        customer=customer,
        prescriber=prescriber,
        payer=old_payer,
        delivered_on=DELIVERED,
    )


@pytest.fixture
def other_customer(db):
    return CustomerFactory(name="Annan kommun")


@pytest.fixture
def make_transfer(prescriber, customer, person):
    """A BMB through the service, by default a change of payer of the
    patient's aids; keyword arguments override its fields."""

    def make(holdings, *, user=None, recipient=None, token=None, **fields):
        return services.execute_transfer(
            AccessContext(user=user or prescriber, path="/bmb/"),
            token or uuid.uuid4(),
            recipient or Recipient(person=person),
            **{
                "kind": "payer",
                "holding_ids": [held.pk for held in holdings],
                "valid_from": TODAY,
                "customer": customer,
                "payer": "22000",
                **fields,
            },
        )

    return make

from datetime import date

import pytest

from tests.factories import HoldingFactory, IndividualFactory, PersonFactory

from .helpers import make_deviation


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karin", last_name="Berg")


@pytest.fixture
def wheelchair(person, prescriber, customer):
    """A delivered I-marked wheelchair the patient has."""
    return HoldingFactory(
        person=person,
        article__article_no="17950",
        article__name="Rullstol Etac",
        article__supplier__name="Etac AB",
        article__individually_marked=True,
        individual=IndividualFactory(individual_no="I123456"),
        customer=customer,
        prescriber=prescriber,
        delivered_on=date(2026, 2, 2),
    )


@pytest.fixture
def deviation(prescriber, wheelchair, wednesday_morning):
    return make_deviation(prescriber, wheelchair)


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client

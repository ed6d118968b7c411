from datetime import date

import pytest

from tests.factories import (
    ArticleFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
)

from .helpers import make_deviation


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karin", last_name="Berg")


@pytest.fixture
def wheelchair(person, prescriber, customer):
    """A delivered I-marked wheelchair the patient has."""
    article = ArticleFactory(
        article_no="17950",
        name="Rullstol Etac",
        supplier__name="Etac AB",
        individually_marked=True,
    )
    return HoldingFactory(
        person=person,
        article=article,
        individual=IndividualFactory(individual_no="I123456", article=article),
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

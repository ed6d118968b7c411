import uuid

import pytest

from aids.choices import AddressChoice
from tests.factories import HoldingFactory, IndividualFactory, PersonFactory
from workorders.choices import WorkOrderKind
from workorders.services import create_work_order


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
        article__individually_marked=True,
        individual=IndividualFactory(individual_no="I123456"),
        customer=customer,
        prescriber=prescriber,
    )


def make_work_order(user, holding, **fields):
    """A work order registered the way the form registers one."""
    values = {
        "token": uuid.uuid4(),
        "user": user,
        "holding": holding,
        "kind": WorkOrderKind.REPAIR,
        "customer": user.customers.first(),
        "address_choice": AddressChoice.RECIPIENT,
        "address": ("Karin Berg", "Skolgatan 12", "903 25", "Umeå"),
        "phone": "070-123 45 67",
        "description": "Bromsen tar inte på vänster sida.",
        **fields,
    }
    return create_work_order(**values)


@pytest.fixture
def work_order(prescriber, wheelchair):
    return make_work_order(prescriber, wheelchair)


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client

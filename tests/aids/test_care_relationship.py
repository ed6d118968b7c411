"""Vårdrelation: who may open a patient without being asked, and the
confirmation that opens them for one session."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from accounts.access import AccessContext
from aids.care import has_care_relationship
from aids.choices import AddressChoice, CareReason
from aids.models import CareConfirmation, Person, RecipientDetails
from aids.recipients import Recipient
from aids.services import confirm_care_relationship, save_recipient_details
from orders.choices import OrderStatus
from orders.models import Order
from pickups.models import PickupOrder, PickupReason
from tests.factories import DraftOrderFactory, HoldingFactory, PersonFactory
from workorders.choices import WorkOrderKind
from workorders.models import WorkOrder

SESSION = "a" * 32
ADDRESS = {"street": "Skolgatan 12", "postal_code": "903 25", "city": "Umeå"}


def executed_order(person, customer, colleague):
    order = DraftOrderFactory(prescriber=colleague, person=person, customer=customer)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.REGISTERED, number="26010001"
    )


def holding(person, customer, colleague):
    HoldingFactory(person=person, customer=customer, prescriber=colleague)


def pickup(person, customer, colleague):
    PickupOrder.objects.create(
        number="1",
        prescriber=colleague,
        customer=customer,
        person=person,
        address_choice=AddressChoice.RECIPIENT,
        phone="070-123 45 67",
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        **ADDRESS,
    )


def work_order(person, customer, colleague):
    # The aid itself has no customer: only the work order relates them.
    held = HoldingFactory(person=person)
    WorkOrder.objects.create(
        number="26010001",
        kind=WorkOrderKind.REPAIR,
        prescriber=colleague,
        customer=customer,
        person=person,
        holding=held,
        article=held.article,
        address_choice=AddressChoice.RECIPIENT,
        description="Bromsen tar inte.",
        **ADDRESS,
    )


THROUGH = [executed_order, holding, pickup, work_order]


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.mark.parametrize("make", THROUGH, ids=lambda make: make.__name__)
def test_a_colleagues_contact_through_the_customer_makes_a_relationship(
    make, person, customer, prescriber, colleague
):
    make(person, customer, colleague)

    assert has_care_relationship(prescriber, person)
    assert has_care_relationship(prescriber, person.pk)


@pytest.mark.parametrize("make", THROUGH, ids=lambda make: make.__name__)
def test_another_customers_contact_makes_none(
    make, person, customer, colleague, outsider
):
    make(person, customer, colleague)

    assert not has_care_relationship(outsider, person)
    assert not has_care_relationship(outsider, person, SESSION)


@pytest.mark.parametrize("make", THROUGH, ids=lambda make: make.__name__)
def test_the_check_is_one_query(
    make, person, customer, prescriber, colleague, django_assert_num_queries
):
    make(person, customer, colleague)

    with django_assert_num_queries(1):
        assert has_care_relationship(prescriber, person, SESSION)


def test_a_draft_is_no_relationship(person, customer, prescriber, colleague):
    """Anyone may start a draft for any patient: it is not the customer's
    order until it is executed."""
    DraftOrderFactory(prescriber=colleague, person=person, customer=customer)

    assert not has_care_relationship(prescriber, person)
    assert not has_care_relationship(colleague, person)


def test_a_care_unit_holding_relates_no_one_to_a_patient(person, prescriber):
    HoldingFactory(person=person)

    assert not has_care_relationship(prescriber, person)


def test_a_confirmation_opens_the_patient_for_its_session_only(
    person, prescriber, colleague
):
    confirmation = confirm_care_relationship(
        prescriber, person, reason=CareReason.STAND_IN, session_key=SESSION
    )

    assert has_care_relationship(prescriber, person, SESSION)
    assert not has_care_relationship(prescriber, person, "b" * 32)
    assert not has_care_relationship(prescriber, person)
    assert not has_care_relationship(colleague, person, SESSION)
    assert SESSION not in confirmation.session
    assert CareConfirmation.objects.get().reason == CareReason.STAND_IN


def test_confirmations_cannot_be_changed_or_deleted(person, prescriber):
    confirm_care_relationship(
        prescriber, person, reason=CareReason.NEW_PATIENT, session_key=SESSION
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        CareConfirmation.objects.update(reason=CareReason.OTHER)
    with pytest.raises(DatabaseError), transaction.atomic():
        CareConfirmation.objects.all().delete()

    assert CareConfirmation.objects.get().reason == CareReason.NEW_PATIENT


def test_cared_for_by_filters_many_persons_at_once(
    customer, prescriber, colleague, django_assert_num_queries
):
    related, other = PersonFactory(), PersonFactory()
    holding(related, customer, colleague)

    with django_assert_num_queries(1):
        cared = set(
            Person.objects.filter(pk__in=[related.pk, other.pk]).cared_for_by(
                prescriber
            )
        )

    assert cared == {related}


@pytest.fixture
def context_in_session():
    def make(user):
        return AccessContext(user=user, path="/hjalpmedel/", session_key=SESSION)

    return make


def save_door_code(context, person):
    return save_recipient_details(
        context, Recipient(person=person), phone="", door_code="1", instructions=""
    )


def test_recipient_details_are_not_saved_without_a_relationship(
    context_in_session, person, prescriber
):
    with pytest.raises(ValidationError) as refused:
        save_door_code(context_in_session(prescriber), person)

    assert refused.value.code == "care_relationship"
    assert not RecipientDetails.objects.exists()


def test_recipient_details_are_saved_with_a_confirmation(
    context_in_session, person, prescriber
):
    confirm_care_relationship(
        prescriber, person, reason=CareReason.FOLLOW_UP, session_key=SESSION
    )

    details = save_door_code(context_in_session(prescriber), person)

    assert details.door_code == "1"

"""Pickup services: numbering, idempotent creation, what may be fetched,
closing (each aid returned exactly once) and cancelling, with messages."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from aids.choices import AddressChoice, HistoryKind, IndividualLocation
from notices.models import Message
from pickups import services
from pickups.choices import TRANSITIONS, PickupStatus
from pickups.models import PickupItem, PickupOrder
from tests.factories import CustomerFactory, HoldingFactory, UserFactory
from tests.notices.message_helpers import assert_message_links_to
from warehouse.models import MAIN_WAREHOUSE, StockBalance, StockMovement

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def test_numbers_are_h_and_seven_digits_and_increase(make_pickup, wheelchair, cushion):
    first = make_pickup([wheelchair])
    second = make_pickup([cushion])

    assert first.number.startswith("H") and len(first.number) == 8
    assert first.number[1:].isdigit()
    assert int(second.number[1:]) == int(first.number[1:]) + 1


def test_a_pickup_copies_the_address_and_lists_the_aids(
    make_pickup, person, customer, prescriber, wheelchair, cushion
):
    pickup = make_pickup(
        [wheelchair, cushion], door_phone="Berg", information="Även en rollator"
    )

    assert pickup.status == PickupStatus.OPEN
    assert pickup.prescriber == prescriber and pickup.customer == customer
    assert (pickup.street, pickup.city) == (person.street, person.city)
    assert {item.holding for item in pickup.items.all()} == {wheelchair, cushion}


def test_the_customers_or_a_typed_address(make_pickup, customer):
    assert (
        make_pickup(information="x", address_choice=AddressChoice.CUSTOMER).street
        == customer.street
    )
    typed = make_pickup(
        information="x",
        address_choice=AddressChoice.OTHER,
        address={
            "name": "Skolan",
            "street": "Skolvägen 3",
            "postal_code": "903 30",
            "city": "Umeå",
        },
    )
    assert (typed.address_name, typed.street) == ("Skolan", "Skolvägen 3")
    with pytest.raises(ValidationError) as refused:
        make_pickup(
            information="x", address_choice=AddressChoice.OTHER, address={"street": ""}
        )
    assert refused.value.code == "no_address"


def test_a_protected_identitys_address_is_never_copied(make_pickup, person):
    person.protected_identity = True
    person.save()

    with pytest.raises(ValidationError) as refused:
        make_pickup(information="x", address_choice=AddressChoice.RECIPIENT)

    assert refused.value.code == "no_address"


def test_the_same_token_twice_makes_one_pickup(make_pickup, wheelchair):
    token = uuid.uuid4()
    first = make_pickup([wheelchair], token=token)
    again = make_pickup([wheelchair], token=token)

    assert again == first
    assert PickupOrder.objects.count() == 1
    assert PickupItem.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"phone": ""}, "swedish_phone"),
        ({"phone": "12345"}, "swedish_phone"),
        ({"holding_ids": []}, "nothing"),
    ],
)
def test_bad_input_is_refused(make_pickup, wheelchair, fields, code):
    with pytest.raises(ValidationError) as refused:
        make_pickup([wheelchair], **fields)

    assert refused.value.code == code
    assert not PickupOrder.objects.exists()


def test_a_text_alone_is_enough(make_pickup):
    pickup = make_pickup(information="Hämta sängen i källaren")

    assert not pickup.items.exists()


def test_someone_elses_a_returned_or_a_lost_aid_is_refused(make_pickup, wheelchair):
    other = HoldingFactory()
    returned = HoldingFactory(
        person=wheelchair.person, returned_on=timezone.localdate()
    )
    undelivered = HoldingFactory(person=wheelchair.person, delivered_on=None)
    # Reported lost: nothing to fetch until it is found again.
    lost = HoldingFactory(person=wheelchair.person, lost_on=timezone.localdate())

    for held in (other, returned, undelivered, lost):
        with pytest.raises(ValidationError) as refused:
            make_pickup([wheelchair, held])
        assert refused.value.code == "not_current"
    assert not PickupOrder.objects.exists()


def test_a_customer_the_prescriber_does_not_order_for_is_refused(
    prescriber, person, reason, wheelchair
):
    with pytest.raises(ValidationError) as refused:
        services.create_pickup(
            uuid.uuid4(),
            prescriber,
            person,
            CustomerFactory(),
            holding_ids=[wheelchair.pk],
            reason=reason,
            phone="070-123 45 67",
            address_choice=AddressChoice.RECIPIENT,
        )
    assert refused.value.code == "customer"


def test_an_inactive_reason_is_refused(make_pickup, reason, wheelchair):
    reason.active = False
    reason.save()
    with pytest.raises(ValidationError) as refused:
        make_pickup([wheelchair])
    assert refused.value.code == "reason"


def test_one_open_pickup_per_aid(make_pickup, wheelchair):
    first = make_pickup([wheelchair])

    with pytest.raises(ValidationError) as refused:
        make_pickup([wheelchair])
    assert refused.value.code == "already_open"
    assert first.number in refused.value.messages[0]

    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError):
        PickupItem.objects.create(pickup=first, holding=wheelchair)


def test_after_cancelling_the_aid_may_get_a_new_pickup(make_pickup, staff, wheelchair):
    services.cancel_pickup(make_pickup([wheelchair]), staff)

    assert make_pickup([wheelchair]).items.get().holding == wheelchair


def _main_balance(article):
    return StockBalance.objects.filter(
        warehouse__code=MAIN_WAREHOUSE, article=article
    ).first()


def test_closing_returns_every_aid_exactly_once(
    make_pickup, staff, prescriber, wheelchair, cushion
):
    pickup = make_pickup([wheelchair, cushion])

    services.close_pickup(pickup, staff)
    services.close_pickup(pickup, staff)

    today = timezone.localdate()
    wheelchair.refresh_from_db()
    cushion.refresh_from_db()
    assert wheelchair.returned_on == cushion.returned_on == today
    individual = wheelchair.individual
    individual.refresh_from_db()
    assert individual.location == IndividualLocation.TO_REFURBISH
    assert individual.warehouse.code == MAIN_WAREHOUSE
    [history] = individual.history.filter(kind=HistoryKind.RETURNED)
    assert history.person == wheelchair.person and pickup.number in history.note
    assert _main_balance(wheelchair.article).on_hand == 1
    assert _main_balance(cushion.article).on_hand == 2
    movements = StockMovement.objects.filter(reason__contains=pickup.number)
    assert sorted(m.on_hand_change for m in movements) == [1, 2]
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.CLOSED and pickup.closed_by == staff
    assert not PickupItem.objects.filter(open=True).exists()
    [message] = Message.objects.filter(recipient=prescriber)
    assert pickup.number in message.subject and message.about == pickup


def test_an_aid_returned_meanwhile_is_not_moved_again(
    make_pickup, staff, wheelchair, cushion
):
    pickup = make_pickup([wheelchair, cushion])
    cushion.returned_on = timezone.localdate()
    cushion.save()

    services.close_pickup(pickup, staff)

    assert _main_balance(cushion.article) is None
    assert _main_balance(wheelchair.article).on_hand == 1


def test_cancelling_moves_nothing_and_tells_the_prescriber(
    make_pickup, staff, prescriber, wheelchair
):
    pickup = make_pickup([wheelchair])

    services.cancel_pickup(pickup, staff)
    services.cancel_pickup(pickup, staff)

    pickup.refresh_from_db()
    wheelchair.refresh_from_db()
    assert pickup.status == PickupStatus.CANCELLED and pickup.cancelled_by == staff
    assert wheelchair.returned_on is None
    assert not StockMovement.objects.exists()
    [message] = Message.objects.filter(recipient=prescriber)
    assert "makulerad" in message.subject


@pytest.mark.parametrize("finish", [services.close_pickup, services.cancel_pickup])
def test_the_message_links_to_the_pickup(
    client, make_pickup, staff, prescriber, wheelchair, finish
):
    pickup = finish(make_pickup([wheelchair]), staff)

    url = reverse("pickup_detail", args=[pickup.pk])
    assert_message_links_to(client, prescriber, url, pickup.number)


def test_a_closed_pickup_cannot_be_cancelled_nor_a_cancelled_one_closed(
    make_pickup, staff, wheelchair, cushion
):
    closed = services.close_pickup(make_pickup([wheelchair]), staff)
    cancelled = services.cancel_pickup(make_pickup([cushion]), staff)

    with pytest.raises(ValidationError):
        services.cancel_pickup(closed, staff)
    with pytest.raises(ValidationError):
        services.close_pickup(cancelled, staff)
    assert Message.objects.count() == 2


def test_visible_to(make_pickup, prescriber, colleague, outsider, staff, wheelchair):
    pickup = make_pickup([wheelchair])

    for user in (prescriber, colleague, staff):
        assert list(PickupOrder.objects.visible_to(user)) == [pickup]
    assert not PickupOrder.objects.visible_to(outsider).exists()
    assert not PickupOrder.objects.visible_to(UserFactory()).exists()


@pytest.mark.parametrize(
    ("start", "status"),
    [
        (PickupStatus.CLOSED, PickupStatus.CANCELLED),
        (PickupStatus.CANCELLED, PickupStatus.CLOSED),
        (PickupStatus.CLOSED, PickupStatus.OPEN),
        (PickupStatus.OPEN, PickupStatus.OPEN),
    ],
)
def test_a_move_outside_the_transitions_is_refused(
    make_pickup, staff, wheelchair, start, status
):
    pickup = make_pickup(holdings=[wheelchair])
    if start != PickupStatus.OPEN:
        services.set_status(pickup, start, staff)

    with pytest.raises(ValidationError) as refusal:
        services.set_status(pickup, status, staff)

    assert refusal.value.code == "not_open"
    pickup.refresh_from_db()
    assert pickup.status == start


def test_every_pickup_status_has_its_transitions():
    assert set(TRANSITIONS) == set(PickupStatus)

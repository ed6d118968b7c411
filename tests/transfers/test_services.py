"""BMB services: payer periods, moves to and from a store, a new
prescriber, the rules that refuse, numbering and reversal."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.access import AccessContext
from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.choices import AddressChoice, HistoryKind
from aids.models import Holding, HoldingPayer, IndividualHistory, payer_on
from aids.recipients import Recipient
from aids.services import report_lost
from notices.models import Message
from pickups import services as pickups
from pickups.models import PickupReason
from tests.factories import PersonFactory, UserFactory
from transfers import services
from transfers.models import Transfer, TransferLine
from workorders import services as workorders
from workorders.choices import WorkOrderKind

from .conftest import DELIVERED, TODAY

pytestmark = pytest.mark.django_db


def refusal(error):
    return error.value.code, " ".join(error.value.messages)


def periods(holding):
    return list(
        HoldingPayer.objects.filter(holding=holding)
        .order_by("valid_from")
        .values_list("payer__betalarid", "valid_from", "valid_to")
    )


def test_a_new_payer_from_a_date_keeps_who_paid_before(
    make_transfer, rollator, cushion, new_payer
):
    transfer = make_transfer([rollator, cushion], valid_from=date(2026, 3, 5))

    assert transfer.number == "B26120001"
    assert transfer.kind == "payer"
    for held in (rollator, cushion):
        held.refresh_from_db()
        assert held.payer == new_payer
        assert periods(held) == [
            ("21000", DELIVERED, date(2026, 3, 5)),
            ("22000", date(2026, 3, 5), None),
        ]
        assert payer_on(held, date(2026, 3, 4)).betalarid == "21000"
        assert payer_on(held, date(2026, 3, 5)).betalarid == "22000"
    assert sorted(
        transfer.lines.values_list("old_payer__betalarid", "payer__betalarid")
    ) == [
        ("21000", "22000"),
        ("21000", "22000"),
    ]


def test_a_later_change_closes_the_open_period(make_transfer, rollator, new_payer):
    make_transfer([rollator], valid_from=date(2026, 3, 5))
    make_transfer([rollator], valid_from=date(2026, 3, 10), payer="21000")

    rollator.refresh_from_db()
    assert rollator.payer.betalarid == "21000"
    assert periods(rollator) == [
        ("21000", DELIVERED, date(2026, 3, 5)),
        ("22000", date(2026, 3, 5), date(2026, 3, 10)),
        ("21000", date(2026, 3, 10), None),
    ]


def test_a_payer_without_periods_is_the_holdings_payer(rollator):
    assert payer_on(rollator, TODAY).betalarid == "21000"


def test_a_change_before_the_current_period_began_is_refused(
    make_transfer, rollator, new_payer
):
    make_transfer([rollator], valid_from=date(2026, 3, 10))

    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], valid_from=date(2026, 3, 5), payer="21000")

    assert refusal(error) == (
        "date",
        f"Artikel {rollator.article.article_no} har sin nuvarande betalare "
        "från 2026-03-10. Välj det datumet eller senare.",
    )


@pytest.mark.parametrize(
    "day", [date(2026, 2, 28), date(2026, 3, 19)], ids=["last-month", "tomorrow"]
)
def test_a_date_outside_this_month_up_to_today_is_refused(
    make_transfer, rollator, new_payer, day
):
    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], valid_from=day)

    assert error.value.code == "date"
    assert Transfer.objects.count() == 0


def test_an_unknown_payer_is_refused(make_transfer, rollator):
    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], payer="99999")

    assert refusal(error) == (
        "payer",
        "Betalare 99999 finns inte. Ange ett betalarid med 5 siffror.",
    )


def test_the_payer_it_already_has_is_refused(make_transfer, rollator):
    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], payer="21000")

    assert refusal(error) == (
        "same_payer",
        f"Artikel {rollator.article.article_no} har redan betalare 21000.",
    )


def test_nothing_ticked_is_refused(make_transfer, new_payer):
    with pytest.raises(ValidationError) as error:
        make_transfer([])

    assert error.value.code == "nothing"


def test_an_aid_with_an_open_pickup_is_refused_with_its_number(
    make_transfer, prescriber, customer, person, rollator, cushion, new_payer
):
    pickup = pickups.create_pickup(
        uuid.uuid4(),
        prescriber,
        person,
        customer,
        holding_ids=[cushion.pk],
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )

    with pytest.raises(ValidationError) as error:
        make_transfer([rollator, cushion])

    assert refusal(error) == (
        "busy",
        f"Artikel {cushion.article.article_no} har en öppen hämtorder, "
        f"{pickup.number}, och kan inte flyttas eller byta betalare.",
    )
    rollator.refresh_from_db()
    assert rollator.payer.betalarid == "21000"
    assert not HoldingPayer.objects.exists()


def test_an_aid_with_an_open_work_order_is_refused_with_its_number(
    make_transfer, prescriber, customer, rollator, store
):
    work_order = workorders.create_work_order(
        token=uuid.uuid4(),
        user=prescriber,
        holding=rollator,
        kind=WorkOrderKind.REPAIR,
        customer=customer,
        address_choice=AddressChoice.RECIPIENT,
        address=("Karin Berg", "Skolgatan 12", "903 25", "Umeå"),
        phone="070-123 45 67",
        description="Bromsen tar inte.",
    )

    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], kind="take_back", store=store)

    assert refusal(error) == (
        "busy",
        f"Artikel {rollator.article.article_no} har en öppen arbetsorder, "
        f"{work_order.number}, och kan inte flyttas eller byta betalare.",
    )


def test_an_aid_reported_lost_is_refused(
    make_transfer, prescriber, customer, rollator, cushion, new_payer
):
    report_lost(
        prescriber,
        cushion,
        customer=customer,
        lost_on=cushion.delivered_on,
        circumstances="Glömd på bussen.",
    )

    with pytest.raises(ValidationError) as error:
        make_transfer([rollator, cushion])

    assert refusal(error) == (
        "busy",
        f"Artikel {cushion.article.article_no} är anmäld borttappad och kan inte "
        "flyttas eller byta betalare.",
    )
    assert not Transfer.objects.exists()


def test_take_back_moves_the_aid_to_the_store_and_records_the_individual(
    make_transfer, person, rollator, store, prescriber
):
    transfer = make_transfer(
        [rollator], kind="take_back", store=store, valid_from=date(2026, 3, 16)
    )

    rollator.refresh_from_db()
    assert rollator.returned_on == date(2026, 3, 16)
    [line] = transfer.lines.all()
    moved = line.new_holding
    assert (moved.person, moved.care_unit, moved.individual) == (
        None,
        store,
        rollator.individual,
    )
    assert moved.delivered_on == date(2026, 3, 16)
    assert moved.payer == store.default_payer
    assert list(Recipient(care_unit=store).holdings().filter(returned_on=None)) == [
        moved
    ]
    assert not Recipient(person=person).holdings().filter(returned_on=None).exists()
    [entry] = IndividualHistory.objects.filter(individual=rollator.individual)
    assert (entry.kind, entry.care_unit, entry.happened_on) == (
        HistoryKind.MOVED,
        store,
        date(2026, 3, 16),
    )
    assert entry.note == f"BMB {transfer.number}: Återta till eget förråd"
    assert (
        AccessLog.objects.filter(
            person_id=str(person.pk), action=AccessAction.CHANGE, user=prescriber
        ).count()
        == 1
    )


def test_hand_out_from_the_store_to_a_patient(
    make_transfer, rollator, store, prescriber
):
    back = make_transfer([rollator], kind="take_back", store=store)
    in_store = back.lines.get().new_holding
    other = PersonFactory()

    transfer = make_transfer(
        [in_store],
        kind="hand_out",
        recipient=Recipient(care_unit=store),
        to_person=other,
        customer=None,
    )

    handed = transfer.lines.get().new_holding
    assert (handed.person, handed.care_unit) == (other, None)
    assert transfer.customer == store
    kinds = IndividualHistory.objects.filter(individual=rollator.individual)
    assert [(e.person, e.care_unit) for e in kinds] == [(other, None), (None, store)]


def test_only_the_prescribers_customers_may_be_the_store(
    make_transfer, rollator, other_customer
):
    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], kind="take_back", store=other_customer)

    assert error.value.code == "store"
    assert Holding.objects.get(pk=rollator.pk).returned_on is None


def test_a_deceased_patients_aids_only_go_back_to_a_store(
    make_transfer, person, rollator, store, new_payer
):
    person.deceased_on = date(2026, 3, 1)
    person.save()

    with pytest.raises(ValidationError) as error:
        make_transfer([rollator])
    assert error.value.code == "deceased"

    transfer = make_transfer([rollator], kind="take_back", store=store)
    assert transfer.lines.get().new_holding.care_unit == store


def test_a_new_prescriber_of_the_same_customer(
    make_transfer, rollator, cushion, colleague, prescriber
):
    transfer = make_transfer(
        [rollator, cushion], kind="prescriber", prescriber=colleague
    )

    assert set(
        Holding.objects.filter(pk__in=[rollator.pk, cushion.pk]).values_list(
            "prescriber", flat=True
        )
    ) == {colleague.pk}
    assert set(transfer.lines.values_list("old_prescriber", flat=True)) == {
        prescriber.pk
    }
    [message] = Message.objects.filter(recipient=colleague)
    assert message.subject == f"BMB {transfer.number}: du är ny förskrivare"
    assert message.about == transfer
    assert list(Transfer.objects.visible_to(colleague)) == [transfer]


def test_a_prescriber_of_another_customer_cannot_take_over(
    make_transfer, rollator, outsider
):
    with pytest.raises(ValidationError) as error:
        make_transfer([rollator], kind="prescriber", prescriber=outsider)

    assert error.value.code == "prescriber"


def test_the_same_token_twice_makes_one_bmb(make_transfer, rollator, new_payer):
    token = uuid.uuid4()

    first = make_transfer([rollator], token=token)
    again = make_transfer([rollator], token=token)

    assert again == first
    assert TransferLine.objects.count() == 1


def test_numbers_follow_each_other_in_the_week(
    make_transfer, rollator, cushion, new_payer
):
    numbers = [make_transfer([held]).number for held in (rollator, cushion)]

    assert numbers == ["B26120001", "B26120002"]


def test_reversal_of_a_payer_change_restores_the_payer(
    make_transfer, rollator, cushion, staff, new_payer
):
    transfer = make_transfer([rollator, cushion], valid_from=date(2026, 3, 5))

    reversal = services.reverse_transfer(AccessContext(user=staff), transfer)

    assert reversal.reverses == transfer
    assert reversal.number == "B26120002"
    assert (reversal.created_by, reversal.valid_from) == (staff, date(2026, 3, 5))
    for held in (rollator, cushion):
        held.refresh_from_db()
        assert held.payer.betalarid == "21000"
        assert periods(held) == [("21000", DELIVERED, None)]
    [message] = Message.objects.filter(recipient=transfer.created_by)
    assert message.subject == f"BMB {transfer.number} är återställd"
    assert message.about == reversal
    transfer.refresh_from_db()
    assert not services.can_reverse(transfer)
    with pytest.raises(ValidationError) as error:
        services.reverse_transfer(AccessContext(user=staff), transfer)
    assert error.value.code == "reversed"


def test_reversal_of_a_take_back_returns_the_aid_to_the_patient(
    make_transfer, person, rollator, store, staff
):
    transfer = make_transfer([rollator], kind="take_back", store=store)

    reversal = services.reverse_transfer(AccessContext(user=staff), transfer)

    assert reversal.kind == "hand_out"
    [current] = Recipient(person=person).holdings().filter(returned_on=None)
    assert (current.individual, current.payer.betalarid) == (
        rollator.individual,
        "21000",
    )
    assert not Recipient(care_unit=store).holdings().filter(returned_on=None).exists()


def test_a_bmb_whose_aids_changed_since_is_not_reversed(
    make_transfer, rollator, staff, new_payer
):
    first = make_transfer([rollator])
    make_transfer([rollator], payer="21000", valid_from=date(2026, 3, 18))

    with pytest.raises(ValidationError) as error:
        services.reverse_transfer(AccessContext(user=staff), first)

    assert error.value.code == "changed"


def test_the_prescriber_of_either_payers_customer_sees_the_bmb(
    make_transfer, rollator, new_payer, other_customer, outsider
):
    other_customer.default_payer = new_payer
    other_customer.save()
    theirs = UserFactory(customers=[other_customer])
    transfer = make_transfer([rollator])

    assert list(Transfer.objects.visible_to(theirs)) == [transfer]
    assert list(Transfer.objects.visible_to(outsider)) == []


def test_nothing_is_handed_out_to_a_deceased_patient(make_transfer, rollator, store):
    in_store = (
        make_transfer([rollator], kind="take_back", store=store).lines.get().new_holding
    )
    deceased = PersonFactory(deceased_on=date(2026, 3, 2))

    with pytest.raises(ValidationError) as error:
        make_transfer(
            [in_store],
            kind="hand_out",
            recipient=Recipient(care_unit=store),
            to_person=deceased,
        )

    assert error.value.code == "to_person"
    assert Holding.objects.get(pk=in_store.pk).returned_on is None

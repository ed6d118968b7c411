"""Withdrawals from a local store and basket loans (F-11), through the one
execute and the one stock service: what each takes from 402, what the
recipient then holds, and when a loan is due."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from aids.choices import HistoryKind, IndividualLocation
from aids.recipients import Recipient
from catalog.choices import ArticleType
from orders.choices import LineStatus, OrderKind, OrderStatus
from orders.models import Order, OrderLine
from orders.services import (
    add_line,
    choose_customer,
    execute_order,
    save_lines,
    settle_basket,
    ship_line,
    start_order,
)
from orders.services.drafts import draft_version
from warehouse.models import (
    MAIN_WAREHOUSE,
    LocalStoreCustomer,
    StockBalance,
    StockMovement,
    Warehouse,
)

from ..factories import (
    ArticleFactory,
    CustomerFactory,
    IndividualFactory,
    PersonFactory,
    StockBalanceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def store(db):
    return Warehouse.objects.get(code="402")


@pytest.fixture
def store_customer(store):
    customer = CustomerFactory()
    LocalStoreCustomer.objects.create(warehouse=store, customer=customer)
    return customer


@pytest.fixture
def nurse(store_customer):
    """A prescriber whose only customer may take from 402."""
    return UserFactory(customers=[store_customer])


@pytest.fixture
def wheelchair(store):
    """An I-marked article 402 keeps, with two units on its shelf."""
    article = ArticleFactory(individually_marked=True)
    StockBalanceFactory(warehouse=store, article=article, on_hand=2)
    for number in ("NUS-1", "NUS-2"):
        IndividualFactory(
            individual_no=number,
            article=article,
            warehouse=store,
            location=IndividualLocation.IN_WAREHOUSE,
        )
    return article


@pytest.fixture
def rollator(store):
    article = ArticleFactory()
    StockBalanceFactory(warehouse=store, article=article, on_hand=5)
    return article


def _balance(store, article):
    return StockBalance.objects.get(warehouse=store, article=article)


def _withdrawal(nurse, store, person=None):
    return start_order(
        nurse,
        Recipient(person=person or PersonFactory()),
        kind=OrderKind.WITHDRAWAL,
        store=store,
    )


def _choose(order, individuals):
    order.refresh_from_db()
    save_lines(order, draft_version(order), {}, individuals=individuals)


@pytest.mark.usefixtures("wednesday_morning")
def test_a_withdrawal_issues_the_chosen_unit_from_the_store(nurse, store, wheelchair):
    person = PersonFactory()
    order = _withdrawal(nurse, store, person)
    [line] = add_line(order, wheelchair)
    _choose(order, {line: "NUS-2"})

    order = execute_order(order, nurse)

    assert order.status == OrderStatus.DELIVERED
    line.refresh_from_db()
    assert (line.status, line.delivered_quantity) == (LineStatus.DELIVERED, 1)
    balance = _balance(store, wheelchair)
    assert (balance.on_hand, balance.reserved) == (1, 0)
    movements = StockMovement.objects.filter(balance=balance).order_by("pk")
    assert [(m.kind, m.on_hand_change, m.reserved_change) for m in movements] == [
        ("reserve", 0, 1),
        ("issue", -1, -1),
    ]
    assert movements[0].reason == f"Uttag ur eget förråd {order.number}"
    holding = line.holding
    assert holding.person == person
    assert holding.individual.individual_no == "NUS-2"
    assert holding.delivered_on == date(2026, 3, 4)
    assert holding.individual.location == IndividualLocation.AT_RECIPIENT
    [history] = holding.individual.history.all()
    assert (history.kind, history.person, history.warehouse) == (
        HistoryKind.DELIVERED,
        person,
        store,
    )
    untouched = wheelchair.individuals.get(individual_no="NUS-1")
    assert (untouched.location, untouched.warehouse) == (
        IndividualLocation.IN_WAREHOUSE,
        store,
    )


def test_a_unit_in_another_store_cannot_be_chosen(nurse, store, wheelchair):
    IndividualFactory(
        individual_no="LYC-1",
        article=wheelchair,
        warehouse=Warehouse.objects.get(code="602"),
    )
    order = _withdrawal(nurse, store)
    [line] = add_line(order, wheelchair)

    with pytest.raises(ValidationError) as refused:
        _choose(order, {line: "LYC-1"})

    assert refused.value.messages == [
        f"Individ LYC-1 av artikel {wheelchair.article_no} finns inte i förråd 402."
    ]
    line.refresh_from_db()
    assert line.individual is None


def test_one_unit_cannot_go_on_two_lines(nurse, store, wheelchair):
    order = _withdrawal(nurse, store)
    lines = add_line(order, wheelchair, 2)

    with pytest.raises(ValidationError, match="NUS-1 står på mer än en rad"):
        _choose(order, dict.fromkeys(lines, "NUS-1"))


def test_a_withdrawal_waits_for_the_unit_of_an_i_marked_line(nurse, store, wheelchair):
    order = _withdrawal(nurse, store)
    [line] = add_line(order, wheelchair)

    with pytest.raises(ValidationError) as refused:
        execute_order(order, nurse)

    assert refused.value.messages == [
        f"Ange individnummer på rad 1 (artikel {wheelchair.article_no})."
    ]


def test_a_unit_taken_meanwhile_stops_the_withdrawal(nurse, store, wheelchair):
    first, second = _withdrawal(nurse, store), _withdrawal(nurse, store)
    for order in (first, second):
        [line] = add_line(order, wheelchair)
        _choose(order, {line: "NUS-1"})
    execute_order(first, nurse)

    with pytest.raises(ValidationError, match="NUS-1 .* finns inte i förråd 402"):
        execute_order(second, nurse)

    second.refresh_from_db()
    assert second.status == OrderStatus.DRAFT
    assert _balance(store, wheelchair).reserved == 0


def test_only_what_the_store_keeps_can_be_taken(nurse, store, rollator):
    order = _withdrawal(nurse, store)
    elsewhere = ArticleFactory()

    with pytest.raises(ValidationError) as refused:
        add_line(order, elsewhere)

    assert refused.value.messages == [
        f"Artikel {elsewhere.article_no} lagerhålls inte i förråd 402. "
        "Beställ den med Beställning."
    ]
    assert not order.lines.exists()


def test_a_withdrawal_takes_all_or_nothing(nurse, store, rollator):
    order = _withdrawal(nurse, store)
    add_line(order, rollator, 6)

    with pytest.raises(ValidationError) as refused:
        execute_order(order, nurse)

    assert refused.value.messages == [
        f"Förråd 402 har bara 5 kvar av artikel {rollator.article_no} (6 på ordern)."
    ]
    assert _balance(store, rollator).reserved == 0


def test_a_store_the_users_customers_may_not_take_from_is_refused(prescriber, store):
    with pytest.raises(ValidationError) as refused:
        start_order(
            prescriber,
            Recipient(person=PersonFactory()),
            kind=OrderKind.WITHDRAWAL,
            store=store,
        )

    assert refused.value.messages == ["Välj ett av förråden som dina kunder får ta ur."]


def test_a_customer_without_the_store_cannot_be_chosen(nurse, store, store_customer):
    other = CustomerFactory()
    nurse.customers.add(other)
    order = _withdrawal(nurse, store)

    with pytest.raises(ValidationError, match=f"Kund {other.kundid} får inte"):
        choose_customer(order, other)

    # With one of the user's customers linked to the store it is chosen at once.
    assert order.customer == store_customer


def _basket(nurse, store):
    return start_order(nurse, Recipient(), kind=OrderKind.BASKET, store=store)


def test_a_basket_reserves_on_the_prescriber_one_unit_per_line(nurse, store, rollator):
    order = _basket(nurse, store)
    lines = add_line(order, rollator, 2, payer=order.payer)

    order = execute_order(order, nurse)

    assert order.status == OrderStatus.REGISTERED
    assert [(line.quantity, line.payer) for line in lines] == [(1, None), (1, None)]
    balance = _balance(store, rollator)
    assert (balance.on_hand, balance.reserved) == (5, 2)
    assert order.lines.filter(holding__isnull=True).count() == 2
    [reserved] = StockMovement.objects.filter(balance=balance)
    assert (reserved.user, reserved.reason) == (
        nurse,
        f"Artiklar i varukorg {order.number}",
    )


def test_a_basket_unit_is_on_loan_until_settled(nurse, store, wheelchair):
    order = _basket(nurse, store)
    [line] = add_line(order, wheelchair)
    _choose(order, {line: "NUS-1"})

    execute_order(order, nurse)

    unit = wheelchair.individuals.get(individual_no="NUS-1")
    assert (unit.location, unit.warehouse) == (IndividualLocation.ON_LOAN, store)


@pytest.mark.parametrize(
    ("executed", "due"),
    [
        # Wednesday: the next Wednesday.
        (datetime(2026, 3, 4, 10, 0), date(2026, 3, 11)),
        # Tuesday before Easter: Good Friday and Easter Monday are off.
        (datetime(2026, 3, 31, 10, 0), date(2026, 4, 9)),
        # Monday of midsummer week: midsummer eve (Friday) is off.
        (datetime(2026, 6, 15, 10, 0), date(2026, 6, 23)),
    ],
)
def test_a_basket_is_due_in_five_working_days(
    time_machine, nurse, store, rollator, executed, due
):
    time_machine.move_to(executed.replace(tzinfo=STOCKHOLM), tick=False)
    order = _basket(nurse, store)
    add_line(order, rollator)

    assert execute_order(order, nurse).due_on == due


def test_a_patient_fee_ordered_for_a_patient_is_paid_by_the_patient(prescriber):
    fee = ArticleFactory(article_type=ArticleType.PATIENT_FEE)
    order = start_order(prescriber, Recipient(person=PersonFactory()))
    [line] = add_line(order, fee)
    order.street, order.city = "Storgatan 1", "Umeå"
    order.save()

    execute_order(order, prescriber)

    line.refresh_from_db()
    assert (line.holding.patient_pays, line.holding.payer) == (True, None)


def test_a_shipped_replenishment_lands_on_the_stores_shelf(staff, store, wheelchair):
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    StockBalanceFactory(warehouse=main, article=wheelchair, on_hand=3)
    unit = IndividualFactory(individual_no="HMV-9", article=wheelchair, warehouse=main)
    order = Order.objects.create(
        kind=OrderKind.REPLENISHMENT, warehouse=main, restocks=store
    )
    OrderLine.objects.create(order=order, position=1, article=wheelchair)
    execute_order(order, staff)
    [line] = order.lines.all()

    ship_line(line, 1, staff, "HMV-9")

    assert (
        _balance(main, wheelchair).on_hand,
        _balance(store, wheelchair).on_hand,
    ) == (
        2,
        3,
    )
    unit.refresh_from_db()
    assert (unit.location, unit.warehouse) == (IndividualLocation.IN_WAREHOUSE, store)
    [history] = unit.history.all()
    assert (history.kind, history.warehouse, history.person) == (
        HistoryKind.MOVED,
        store,
        None,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not line.holding


def test_a_patient_fee_in_a_basket_takes_no_stock_and_goes_to_the_patient(
    nurse, store, rollator
):
    fee = ArticleFactory(article_type=ArticleType.PATIENT_FEE)
    order = _basket(nurse, store)
    [stool] = add_line(order, rollator)
    [charge] = add_line(order, fee)
    order = execute_order(order, nurse)
    person = PersonFactory()

    settle_basket(order, nurse, person, deliveries={stool: order.payer, charge: None})

    charge.refresh_from_db()
    assert charge.status == LineStatus.DELIVERED
    assert (charge.holding.person, charge.holding.patient_pays) == (person, True)
    assert charge.holding.payer is None
    assert not StockBalance.objects.filter(article=fee).exists()
    assert _balance(store, rollator).on_hand == 4
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED

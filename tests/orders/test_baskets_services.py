"""Settling a basket loan (settle_basket): lines delivered to one patient at
a time, lines returned to the store, the rest left open; a patient fee
paid by the patient."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from aids.choices import IndividualLocation
from aids.models import Holding
from orders.choices import LineStatus, OrderStatus
from orders.services import settle_basket
from warehouse.models import StockBalance

from ..factories import ArticleFactory, PayerFactory, PersonFactory
from .basket_helpers import basket, patient_fee, rollator, stocked, store

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def balance(article):
    row = StockBalance.objects.get(warehouse=store(), article=article)
    return row.on_hand, row.reserved


def lines_of(order):
    return list(order.lines.select_related("individual").order_by("position"))


def test_a_basket_reserves_at_the_store_with_a_due_date(prescriber):
    article = rollator()

    order = basket(prescriber, [article, article])

    assert order.status == OrderStatus.REGISTERED
    assert order.due_on.isoformat() == "2026-03-11"
    assert balance(article) == (5, 2)
    assert {line.individual.location for line in lines_of(order)} == {
        IndividualLocation.ON_LOAN
    }


def test_two_patients_settle_one_basket_and_it_closes_with_no_open_line(
    prescriber, colleague
):
    walker, stool, fee = rollator(), ArticleFactory(name="Duschpall"), patient_fee()
    stocked(stool)
    order = basket(prescriber, [walker, walker, stool, fee])
    first, second, stool_line, fee_line = lines_of(order)
    first_patient, second_patient = PersonFactory(), PersonFactory()
    payer, other_payer = PayerFactory(), PayerFactory()

    order = settle_basket(
        order,
        prescriber,
        person=first_patient,
        deliveries={first: payer},
        returns=[second],
    )

    assert order.status == OrderStatus.PARTLY_DELIVERED
    assert balance(walker) == (4, 0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.settled_by) == (LineStatus.DELIVERED, prescriber)
    assert (second.status, second.settled_by) == (LineStatus.CANCELLED, prescriber)
    assert second.individual.location == IndividualLocation.IN_WAREHOUSE
    assert first.individual.location == IndividualLocation.AT_RECIPIENT
    held = Holding.objects.get(person=first_patient)
    assert (held.article, held.individual, held.payer, held.patient_pays) == (
        walker,
        first.individual,
        payer,
        False,
    )
    assert held.order_number == order.number
    assert held.delivered_on is not None

    order = settle_basket(
        order,
        colleague,
        person=second_patient,
        deliveries={stool_line: other_payer, fee_line: None},
    )

    assert order.status == OrderStatus.DELIVERED
    assert balance(stool) == (4, 0)
    assert not StockBalance.objects.filter(article=fee).exists()
    held = {h.article: h for h in Holding.objects.filter(person=second_patient)}
    assert (held[stool].payer, held[stool].patient_pays) == (other_payer, False)
    assert (held[fee].payer, held[fee].patient_pays) == (None, True)
    stool_line.refresh_from_db()
    assert stool_line.settled_by == colleague
    assert Holding.objects.count() == 3


def test_a_patient_fee_is_paid_by_the_patient_whatever_payer_is_given(prescriber):
    fee = patient_fee()
    order = basket(prescriber, [fee])
    [line] = lines_of(order)
    patient = PersonFactory()

    settle_basket(order, prescriber, person=patient, deliveries={line: PayerFactory()})

    held = Holding.objects.get(person=patient)
    assert (held.payer, held.patient_pays) == (None, True)
    line.refresh_from_db()
    assert line.payer is None


def test_returning_every_line_closes_the_basket_and_frees_the_stock(prescriber):
    article = rollator()
    order = basket(prescriber, [article, article])

    order = settle_basket(order, prescriber, returns=lines_of(order))

    assert order.status == OrderStatus.CANCELLED
    assert balance(article) == (5, 0)
    assert not Holding.objects.exists()


def test_a_line_settled_already_is_refused_with_nothing_changed(prescriber):
    article = rollator()
    order = basket(prescriber, [article, article])
    first, second = lines_of(order)
    settle_basket(order, prescriber, returns=[first])

    with pytest.raises(ValidationError) as refused:
        settle_basket(
            order,
            prescriber,
            person=PersonFactory(),
            deliveries={second: PayerFactory()},
            returns=[first],
        )

    assert refused.value.code == "settled"
    second.refresh_from_db()
    assert second.status == LineStatus.REGISTERED
    assert not Holding.objects.exists()
    assert balance(article) == (5, 1)


def test_a_delivery_needs_a_patient_and_a_payer(prescriber):
    article = rollator()
    order = basket(prescriber, [article])
    [line] = lines_of(order)

    with pytest.raises(ValidationError) as no_patient:
        settle_basket(order, prescriber, deliveries={line: PayerFactory()})
    with pytest.raises(ValidationError) as no_payer:
        settle_basket(
            order, prescriber, person=PersonFactory(), deliveries={line: None}
        )

    assert (no_patient.value.code, no_payer.value.code) == (
        "no_recipient",
        "payer_required",
    )
    assert not Holding.objects.exists()
    assert balance(article) == (5, 1)


def test_nothing_for_a_deceased_patient(prescriber):
    article = rollator()
    order = basket(prescriber, [article])
    [line] = lines_of(order)
    deceased = PersonFactory(deceased_on=date(2026, 3, 1))

    with pytest.raises(ValidationError) as refused:
        settle_basket(
            order, prescriber, person=deceased, deliveries={line: PayerFactory()}
        )

    assert refused.value.code == "deceased"

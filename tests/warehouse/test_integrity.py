"""The database itself keeps balances sane and the ledger append-only, so
that code going around the stock services cannot break them."""

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import StockBalanceFactory
from warehouse import services
from warehouse.models import StockBalance, StockMovement


@pytest.mark.parametrize(
    "change",
    [
        {"on_hand": -1, "reserved": 0},
        {"reserved": -1},
        {"reserved": 11},
        {"safety_stock": -1},
    ],
)
def test_the_database_refuses_an_impossible_balance(db, change):
    balance = StockBalanceFactory(on_hand=10, reserved=0)

    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(pk=balance.pk).update(**change)


def test_the_database_refuses_a_second_balance_for_the_same_place(db):
    balance = StockBalanceFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalanceFactory(warehouse=balance.warehouse, article=balance.article)


@pytest.fixture
def movement(main_warehouse, article):
    services.receive(main_warehouse, article, 3, "Inleverans")
    return StockMovement.objects.get()


def test_a_ledger_row_cannot_be_changed(movement):
    movement.on_hand_change = 300

    with (
        pytest.raises(ProgrammingError, match="warehouse_stockmovement"),
        transaction.atomic(),
    ):
        movement.save()

    movement.refresh_from_db()
    assert movement.on_hand_change == 3


def test_a_ledger_row_cannot_be_deleted(movement):
    with (
        pytest.raises(ProgrammingError, match="warehouse_stockmovement"),
        transaction.atomic(),
    ):
        StockMovement.objects.filter(pk=movement.pk).delete()

    assert StockMovement.objects.filter(pk=movement.pk).exists()

"""reserve_where_available: an order's lines reserved one by one, each in
full or not at all (the rest are bought in)."""

import pytest

from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse import services
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement, Warehouse


def _reserve(warehouse, lines):
    return services.reserve_where_available(warehouse, lines, "Kundorder 26480001")


def _state(balance):
    balance.refresh_from_db()
    return balance.on_hand, balance.reserved


def test_lines_in_stock_are_reserved_in_full(main_warehouse, staff):
    walker = StockBalanceFactory(warehouse=main_warehouse, on_hand=5)
    cushion = StockBalanceFactory(warehouse=main_warehouse, on_hand=2)

    reserved = services.reserve_where_available(
        main_warehouse,
        [(walker.article, 3), (cushion.article, 2)],
        "Kundorder 26480001",
        user=staff,
    )

    assert reserved == [3, 2]
    assert (_state(walker), _state(cushion)) == ((5, 3), (2, 2))
    assert sorted(
        StockMovement.objects.values_list(
            "balance__article__article_no", "kind", "reserved_change", "on_hand_change"
        )
    ) == sorted(
        [
            (walker.article.article_no, MovementKind.RESERVE, 3, 0),
            (cushion.article.article_no, MovementKind.RESERVE, 2, 0),
        ]
    )
    assert set(StockMovement.objects.values_list("reason", "user")) == {
        ("Kundorder 26480001", staff.pk)
    }


def test_a_line_short_of_stock_reserves_nothing(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=4, reserved=2)

    assert _reserve(main_warehouse, [(balance.article, 3)]) == [0]

    assert _state(balance) == (4, 2)
    assert not StockMovement.objects.exists()


def test_an_article_never_stocked_is_not_given_a_balance(main_warehouse, article):
    assert _reserve(main_warehouse, [(article, 1)]) == [0]

    assert not StockBalance.objects.exists()
    assert not StockMovement.objects.exists()


def test_lines_of_one_article_take_the_stock_in_order(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=3)
    article = balance.article

    assert _reserve(main_warehouse, [(article, 2), (article, 2), (article, 1)]) == [
        2,
        0,
        1,
    ]

    assert _state(balance) == (3, 3)
    [movement] = StockMovement.objects.all()
    assert movement.reserved_change == 3


def test_a_later_smaller_line_can_still_fit(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=2)

    assert _reserve(main_warehouse, [(balance.article, 3), (balance.article, 1)]) == [
        0,
        1,
    ]
    assert _state(balance) == (2, 1)


def test_only_the_given_warehouse_counts(main_warehouse):
    local = StockBalanceFactory(warehouse=Warehouse.objects.get(code="402"), on_hand=9)

    assert _reserve(main_warehouse, [(local.article, 1)]) == [0]

    assert _state(local) == (9, 0)


def test_mixed_lines_reserve_only_those_that_fit(main_warehouse):
    stocked = StockBalanceFactory(warehouse=main_warehouse, on_hand=1)
    short = StockBalanceFactory(warehouse=main_warehouse, on_hand=1)
    missing = ArticleFactory()

    reserved = _reserve(
        main_warehouse, [(short.article, 2), (missing, 1), (stocked.article, 1)]
    )

    assert reserved == [0, 0, 1]
    assert (_state(stocked), _state(short)) == ((1, 1), (1, 0))
    assert StockMovement.objects.get().balance == stocked


def test_no_lines_reserve_nothing(main_warehouse):
    assert _reserve(main_warehouse, []) == []
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_quantity_must_be_positive(main_warehouse, quantity):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5)

    with pytest.raises(ValueError, match="positive"):
        _reserve(main_warehouse, [(balance.article, quantity)])

    assert _state(balance) == (5, 0)

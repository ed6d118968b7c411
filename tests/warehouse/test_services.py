import pytest

from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse import services
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement, Warehouse


def movements(balance):
    return list(
        balance.movements.order_by("id").values_list(
            "kind", "on_hand_change", "reserved_change", "reason"
        )
    )


def test_the_three_warehouses_exist(db):
    assert list(Warehouse.objects.values_list("code", flat=True)) == [
        "402",
        "500",
        "602",
    ]


def test_available_is_on_hand_minus_reserved(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=7, reserved=3)

    assert services.available(main_warehouse, balance.article) == 4


def test_available_is_zero_without_a_balance(main_warehouse, article):
    assert services.available(main_warehouse, article) == 0


def test_available_counts_only_the_given_warehouse(main_warehouse, article):
    StockBalanceFactory(warehouse=Warehouse.objects.get(code="402"), article=article)

    assert services.available(main_warehouse, article) == 0


def test_receive_creates_the_balance_and_records_it(main_warehouse, article, staff):
    services.receive(main_warehouse, article, 5, "Inleverans 123", user=staff)

    balance = StockBalance.objects.get(warehouse=main_warehouse, article=article)
    assert (balance.on_hand, balance.reserved) == (5, 0)
    assert movements(balance) == [(MovementKind.RECEIVE, 5, 0, "Inleverans 123")]
    assert balance.movements.get().user == staff


def test_receive_adds_to_an_existing_balance(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=2, reserved=1)

    services.receive(main_warehouse, balance.article, 3, "Inleverans")

    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (5, 1)
    assert movements(balance) == [(MovementKind.RECEIVE, 3, 0, "Inleverans")]


@pytest.mark.parametrize("quantity", [0, -1])
def test_receive_refuses_a_quantity_that_is_not_positive(
    main_warehouse, article, quantity
):
    with pytest.raises(ValueError):
        services.receive(main_warehouse, article, quantity, "Fel")

    assert not StockBalance.objects.exists()
    assert not StockMovement.objects.exists()


def test_reserve_reserves_every_line(main_warehouse):
    first = StockBalanceFactory(warehouse=main_warehouse, on_hand=5)
    second = StockBalanceFactory(warehouse=main_warehouse, on_hand=2, reserved=1)

    services.reserve(
        main_warehouse,
        [(first.article, 2), (second.article, 1)],
        "Order 26480001",
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.on_hand, first.reserved) == (5, 2)
    assert (second.on_hand, second.reserved) == (2, 2)
    assert movements(first) == [(MovementKind.RESERVE, 0, 2, "Order 26480001")]
    assert movements(second) == [(MovementKind.RESERVE, 0, 1, "Order 26480001")]


def test_reserve_adds_up_lines_for_the_same_article(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=3)

    services.reserve(
        main_warehouse, [(balance.article, 1), (balance.article, 2)], "Order"
    )

    balance.refresh_from_db()
    assert balance.reserved == 3
    assert movements(balance) == [(MovementKind.RESERVE, 0, 3, "Order")]


def test_reserve_is_all_or_nothing(main_warehouse):
    enough = StockBalanceFactory(warehouse=main_warehouse, on_hand=5)
    short = StockBalanceFactory(warehouse=main_warehouse, on_hand=3, reserved=2)

    with pytest.raises(services.InsufficientStock) as raised:
        services.reserve(
            main_warehouse, [(enough.article, 1), (short.article, 2)], "Order"
        )

    assert raised.value.shortages == [services.Shortage(short.article, 2, 1)]
    enough.refresh_from_db()
    short.refresh_from_db()
    assert (enough.reserved, short.reserved) == (0, 2)
    assert not StockMovement.objects.exists()


def test_reserve_names_every_short_article(main_warehouse, article):
    short = StockBalanceFactory(warehouse=main_warehouse, on_hand=1)

    with pytest.raises(services.InsufficientStock) as raised:
        services.reserve(main_warehouse, [(article, 1), (short.article, 2)], "Order")

    assert {s.article for s in raised.value.shortages} == {article, short.article}
    assert str(article.article_no) in str(raised.value)


def test_reserve_refuses_an_article_without_a_balance(main_warehouse, article):
    with pytest.raises(services.InsufficientStock):
        services.reserve(main_warehouse, [(article, 1)], "Order")

    assert not StockBalance.objects.exists()


def test_reserve_refuses_a_quantity_that_is_not_positive(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5)

    with pytest.raises(ValueError):
        services.reserve(main_warehouse, [(balance.article, 0)], "Order")

    assert not StockMovement.objects.exists()


def test_release_gives_back_reservations(main_warehouse, staff):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5, reserved=3)

    services.release(main_warehouse, [(balance.article, 2)], "Makulerad", user=staff)

    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (5, 1)
    assert movements(balance) == [(MovementKind.RELEASE, 0, -2, "Makulerad")]
    assert balance.movements.get().user == staff


def test_release_refuses_more_than_is_reserved(main_warehouse):
    other = StockBalanceFactory(warehouse=main_warehouse, on_hand=5, reserved=5)
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5, reserved=1)

    with pytest.raises(services.NotReserved):
        services.release(
            main_warehouse, [(other.article, 1), (balance.article, 2)], "Fel"
        )

    other.refresh_from_db()
    balance.refresh_from_db()
    assert (other.reserved, balance.reserved) == (5, 1)
    assert not StockMovement.objects.exists()


def test_release_refuses_an_article_without_a_balance(main_warehouse, article):
    with pytest.raises(services.NotReserved):
        services.release(main_warehouse, [(article, 1)], "Fel")


def test_issue_consumes_a_reservation(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5, reserved=3)

    services.issue(main_warehouse, balance.article, 2, "Plock order 26480001")

    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (3, 1)
    assert movements(balance) == [(MovementKind.ISSUE, -2, -2, "Plock order 26480001")]


def test_issue_refuses_more_than_is_reserved(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=5, reserved=1)

    with pytest.raises(services.NotReserved):
        services.issue(main_warehouse, balance.article, 2, "Fel")

    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (5, 1)
    assert not StockMovement.objects.exists()


def test_issue_refuses_an_article_without_a_balance(main_warehouse, article):
    with pytest.raises(services.NotReserved):
        services.issue(main_warehouse, article, 1, "Fel")


def test_count_creates_a_missing_balance(main_warehouse, article):
    result = services.count_stock(main_warehouse, article, 4, 2, "Import")

    assert result == services.CountResult.CREATED
    balance = StockBalance.objects.get(warehouse=main_warehouse, article=article)
    assert (balance.on_hand, balance.reserved, balance.safety_stock) == (4, 0, 2)
    assert movements(balance) == [(MovementKind.COUNT, 4, 0, "Import")]


def test_count_creates_an_empty_balance_without_a_movement(main_warehouse, article):
    result = services.count_stock(main_warehouse, article, 0, 0, "Import")

    assert result == services.CountResult.CREATED
    assert StockBalance.objects.get().on_hand == 0
    assert not StockMovement.objects.exists()


def test_count_records_the_difference(main_warehouse, staff):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=10, reserved=2)

    result = services.count_stock(
        main_warehouse, balance.article, 7, 0, "Inventering", user=staff
    )

    assert result == services.CountResult.UPDATED
    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (7, 2)
    assert movements(balance) == [(MovementKind.COUNT, -3, 0, "Inventering")]
    assert balance.movements.get().user == staff


def test_count_records_a_change_of_safety_stock(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=10)

    result = services.count_stock(main_warehouse, balance.article, 10, 3, "Import")

    assert result == services.CountResult.UPDATED
    balance.refresh_from_db()
    assert balance.safety_stock == 3
    assert movements(balance) == [(MovementKind.COUNT, 0, 0, "Import")]


def test_count_with_the_same_figures_changes_nothing(main_warehouse):
    balance = StockBalanceFactory(
        warehouse=main_warehouse, on_hand=10, reserved=4, safety_stock=2
    )

    result = services.count_stock(main_warehouse, balance.article, 10, 2, "Import")

    assert result == services.CountResult.UNCHANGED
    assert not StockMovement.objects.exists()


def test_count_below_the_reservations_cuts_them_to_what_exists(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=10, reserved=6)

    services.count_stock(main_warehouse, balance.article, 4, 0, "Inventering")

    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (4, 4)
    assert movements(balance) == [(MovementKind.COUNT, -6, -2, "Inventering")]


@pytest.mark.parametrize("on_hand, safety_stock", [(-1, 0), (0, -1)])
def test_count_refuses_negative_numbers(main_warehouse, article, on_hand, safety_stock):
    with pytest.raises(ValueError):
        services.count_stock(main_warehouse, article, on_hand, safety_stock, "Fel")

    assert not StockBalance.objects.exists()


def test_every_change_writes_exactly_one_ledger_row(main_warehouse):
    article = ArticleFactory()
    services.receive(main_warehouse, article, 5, "Inleverans")
    services.reserve(main_warehouse, [(article, 3)], "Order")
    services.release(main_warehouse, [(article, 1)], "Ändrad order")
    services.issue(main_warehouse, article, 2, "Plock")
    services.count_stock(main_warehouse, article, 4, 1, "Inventering")

    balance = StockBalance.objects.get()
    ledger = movements(balance)
    assert [kind for kind, *_ in ledger] == [
        MovementKind.RECEIVE,
        MovementKind.RESERVE,
        MovementKind.RELEASE,
        MovementKind.ISSUE,
        MovementKind.COUNT,
    ]
    # The ledger adds up to the balance.
    assert sum(row[1] for row in ledger) == balance.on_hand == 4
    assert sum(row[2] for row in ledger) == balance.reserved == 0

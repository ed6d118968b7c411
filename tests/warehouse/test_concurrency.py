"""Stock operations in real concurrent transactions (tests.concurrency)."""

from tests.concurrency import concurrent, run_together
from tests.factories import StockBalanceFactory
from warehouse import services
from warehouse.models import StockMovement


@concurrent
def test_only_one_of_two_orders_gets_the_last_unit(main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=1)

    def order():
        services.reserve(main_warehouse, [(balance.article, 1)], "Order")
        return "reserved"

    outcomes = run_together(order, order)

    assert outcomes.count("reserved") == 1, outcomes
    [refused] = [o for o in outcomes if o != "reserved"]
    assert isinstance(refused, services.InsufficientStock)
    assert refused.shortages == [services.Shortage(balance.article, 1, 0)]
    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (1, 1)
    assert StockMovement.objects.filter(balance=balance).count() == 1


@concurrent
def test_orders_locking_the_same_articles_in_opposite_order_do_not_deadlock(
    main_warehouse,
):
    first = StockBalanceFactory(warehouse=main_warehouse, on_hand=8)
    second = StockBalanceFactory(warehouse=main_warehouse, on_hand=8)

    def order(*balances):
        return lambda: services.reserve(
            main_warehouse, [(b.article, 1) for b in balances], "Order"
        )

    outcomes = run_together(*[order(first, second), order(second, first)] * 4)

    assert outcomes == [None] * 8, [repr(o) for o in outcomes]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reserved, second.reserved) == (8, 8)
    assert StockMovement.objects.count() == 16


@concurrent
def test_two_deliveries_of_a_new_article_both_count(main_warehouse, article):
    def delivery():
        return services.receive(main_warehouse, article, 2, "Inleverans").on_hand

    outcomes = run_together(delivery, delivery)

    assert sorted(outcomes) == [2, 4]
    assert services.available(main_warehouse, article) == 4

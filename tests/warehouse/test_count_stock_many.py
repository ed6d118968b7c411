"""count_stock_many: many counts in one call give what count_stock gives one
at a time, locking in (warehouse, article) order."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.concurrency import concurrent, run_together
from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse import services
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement, Warehouse

pytestmark = pytest.mark.django_db

Result = services.CountResult


def state():
    return {
        "balances": set(
            StockBalance.objects.values_list(
                "warehouse__code",
                "article__article_no",
                "on_hand",
                "reserved",
                "safety_stock",
            )
        ),
        "ledger": sorted(
            StockMovement.objects.values_list(
                "balance__warehouse__code",
                "balance__article__article_no",
                "kind",
                "on_hand_change",
                "reserved_change",
                "reason",
                "user",
            )
        ),
    }


@pytest.fixture
def scene(main_warehouse):
    """Counts of every kind, in an order that is not (warehouse, article)."""
    other = Warehouse.objects.get(code="402")
    articles = ArticleFactory.create_batch(5)
    StockBalanceFactory(warehouse=main_warehouse, article=articles[0], on_hand=10)
    StockBalanceFactory(
        warehouse=main_warehouse, article=articles[1], on_hand=10, reserved=6
    )
    StockBalanceFactory(
        warehouse=main_warehouse, article=articles[2], on_hand=5, safety_stock=1
    )
    return [
        services.Count(other, articles[3], 3, 1),  # created
        services.Count(main_warehouse, articles[4], 0, 0),  # created, empty
        services.Count(main_warehouse, articles[2], 5, 1),  # unchanged
        services.Count(main_warehouse, articles[1], 4, 0),  # reservation cut
        services.Count(main_warehouse, articles[0], 10, 2),  # safety stock
        services.Count(other, articles[0], 7, 0),  # created
    ]


def test_it_gives_what_count_stock_gives_one_at_a_time(scene, staff):
    with transaction.atomic():
        one_by_one = [
            services.count_stock(*vars(count).values(), "Import", user=staff)
            for count in scene
        ]
        one_by_one_state = state()
        transaction.set_rollback(True)

    results = services.count_stock_many(scene, "Import", user=staff)
    many = state()

    assert (
        results
        == one_by_one
        == [
            Result.CREATED,
            Result.CREATED,
            Result.UNCHANGED,
            Result.UPDATED,
            Result.UPDATED,
            Result.CREATED,
        ]
    )
    assert many == one_by_one_state
    numbers = [count.article.article_no for count in scene]
    assert many["ledger"] == sorted(
        [
            ("402", numbers[0], MovementKind.COUNT, 3, 0, "Import", staff.pk),
            ("500", numbers[3], MovementKind.COUNT, -6, -2, "Import", staff.pk),
            ("500", numbers[4], MovementKind.COUNT, 0, 0, "Import", staff.pk),
            ("402", numbers[5], MovementKind.COUNT, 7, 0, "Import", staff.pk),
        ]
    )


def test_it_locks_the_balances_in_warehouse_and_article_order_in_one_query(scene):
    with CaptureQueriesContext(connection) as queries:
        services.count_stock_many(scene, "Import")

    [lock] = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert lock.endswith(
        'ORDER BY "warehouse_stockbalance"."warehouse_id" ASC, '
        '"warehouse_stockbalance"."article_id" ASC FOR UPDATE'
    )


@concurrent
def test_a_balance_inserted_by_another_transaction_meanwhile_is_counted(
    main_warehouse, article, monkeypatch
):
    """Between the lock (which found no balance) and the insert, a delivery
    of the article commits: the batch is retried and finds it."""
    lock = services._lock_keys

    def stale_once(keys):
        monkeypatch.setattr(services, "_lock_keys", lock)
        run_together(lambda: services.receive(main_warehouse, article, 2, "Inleverans"))
        return {}

    monkeypatch.setattr(services, "_lock_keys", stale_once)

    [result] = services.count_stock_many(
        [services.Count(main_warehouse, article, 5, 0)], "Import"
    )

    assert result == Result.UPDATED
    assert StockBalance.objects.get().on_hand == 5
    assert sorted(StockMovement.objects.values_list("kind", "on_hand_change")) == [
        (MovementKind.COUNT, 3),
        (MovementKind.RECEIVE, 2),
    ]


def test_a_balance_counted_twice_in_one_call_is_refused(main_warehouse, article):
    count = services.Count(main_warehouse, article, 1, 0)

    with pytest.raises(ValueError):
        services.count_stock_many([count, count], "Import")

    assert not StockBalance.objects.exists()

"""Two imports of one kind at the same time (the nightly job and an upload in
the admin). Real transactions in threads, so these tests commit."""

import threading

import pytest
from django.db import connection

from accounts.models import Payer
from imports.rows import Status
from imports.run import run_import
from orders.models import Order
from orders.services import execute_order
from tests.concurrency import run_together
from tests.factories import ArticleFactory, OrderLineFactory, StockBalanceFactory
from warehouse.models import StockBalance

PAYERS = "betalarid;name\n10001;Umeå kommun\n20001;Region Västerbotten\n".encode()


@pytest.mark.django_db(transaction=True)
def test_the_second_import_waits_and_finds_the_rows_of_the_first():
    barrier = threading.Barrier(2, timeout=10)
    reports = []

    def run():
        try:
            barrier.wait()
            reports.append(run_import("payers", "betalare.csv", PAYERS))
        except Exception as error:  # noqa: BLE001 - the test inspects it
            reports.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = [dict(report.counts) for report in reports]
    assert {Status.CREATED: 2} in counts, reports
    assert {Status.UNCHANGED: 2} in counts, reports
    assert Payer.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_stock_import_runs_with_executes_of_orders_on_the_same_articles(
    prescriber, tmp_path
):
    """The import locks in (warehouse, article) order as execute_order does;
    file order would deadlock against an order of the same articles."""
    articles = ArticleFactory.create_batch(6)
    for article in articles:
        StockBalanceFactory(article=article, on_hand=10)
    orders = []
    for _ in range(4):
        order = OrderLineFactory(
            order__prescriber=prescriber, article=articles[0]
        ).order
        for article in articles[1:]:
            OrderLineFactory(order=order, article=article)
        orders.append(order)
    path = tmp_path / "lager.csv"
    path.write_text(
        "warehouse;article_no;on_hand;safety_stock\n"
        + "".join(f"500;{a.article_no};20;1\n" for a in reversed(articles))
    )

    def stock_import():
        return run_import("stock", str(path), path.read_bytes())

    outcomes = run_together(
        stock_import,
        *[lambda order=order: execute_order(order, prescriber) for order in orders],
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert dict(outcomes[0].counts) == {Status.UPDATED: 6}, outcomes
    assert all(isinstance(outcome, Order) for outcome in outcomes[1:]), outcomes
    assert set(StockBalance.objects.values_list("on_hand", "reserved")) == {(20, 4)}

"""Lagerpåfyllnad of the local stores: exactly the shortfall of the safety
stock (or up to the order-up-to level) is ordered from 500, one registered
order per store, what is on its way counts, so a second run the same day
orders nothing; a dry run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from orders.choices import OrderKind, OrderStatus
from orders.models import Order
from orders.services import replenish_stores, ship_line
from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse


@pytest.fixture
def nus(db):
    return Warehouse.objects.get(code="402")


@pytest.fixture
def lycksele(db):
    return Warehouse.objects.get(code="602")


@pytest.fixture
def main(db):
    return Warehouse.objects.get(code=MAIN_WAREHOUSE)


def balance(store, article, **fields):
    return StockBalanceFactory(warehouse=store, article=article, **fields)


def ordered(store):
    """(article number, quantity) on the store's replenishment orders."""
    return sorted(
        (line.article.article_no, line.quantity)
        for order in Order.objects.filter(restocks=store)
        for line in order.lines.select_related("article")
    )


def run(*args):
    out = StringIO()
    call_command("replenish_stores", *args, stdout=out)
    return out.getvalue()


def test_exactly_the_shortfall_is_ordered_from_500_and_registered(nus, main):
    walker = ArticleFactory(article_no="17940")
    balance(main, walker, on_hand=20)
    balance(nus, walker, on_hand=4, reserved=1, safety_stock=5)

    [nus_run, _lycksele_run] = replenish_stores()

    order = nus_run.order
    assert ordered(nus) == [("17940", 2)]
    assert (order.kind, order.status, order.warehouse, order.restocks) == (
        OrderKind.REPLENISHMENT,
        OrderStatus.REGISTERED,
        main,
        nus,
    )
    assert order.prescriber is None
    assert order.number
    [line] = order.lines.all()
    assert line.reserved_quantity == 2
    assert StockBalance.objects.get(warehouse=main, article=walker).reserved == 2


def test_the_order_up_to_level_is_respected(nus, main):
    walker, stool = ArticleFactory(article_no="1"), ArticleFactory(article_no="2")
    balance(nus, walker, on_hand=1, safety_stock=3, order_up_to=10)
    # Available at the safety stock: not below it, so nothing is ordered.
    balance(nus, stool, on_hand=3, safety_stock=3, order_up_to=10)

    replenish_stores()

    assert ordered(nus) == [("1", 9)]


def test_outgoing_and_withdrawn_articles_are_not_restocked(nus, main):
    for fields in ({"outgoing": True}, {"in_assortment": False}):
        balance(nus, ArticleFactory(**fields), on_hand=0, safety_stock=4)

    [nus_run, _] = replenish_stores()

    assert nus_run.order is None
    assert ordered(nus) == []


def test_a_second_run_the_same_day_orders_nothing(nus, main):
    walker = ArticleFactory(article_no="17940")
    balance(main, walker, on_hand=20)
    balance(nus, walker, on_hand=0, safety_stock=4)

    run()
    second = run()

    assert ordered(nus) == [("17940", 4)]
    assert Order.objects.filter(restocks=nus).count() == 1
    assert "402 NUS" in second and "nothing to order" in second


def test_a_partly_shipped_replenishment_still_counts_what_it_brings(nus, main, staff):
    walker = ArticleFactory(article_no="17940")
    balance(main, walker, on_hand=20)
    balance(nus, walker, on_hand=0, safety_stock=4)
    [first, _other] = replenish_stores()
    ship_line(first.order.lines.get(), 1, staff)

    replenish_stores()

    # 1 on the shelf and 3 on their way: the safety stock is covered.
    assert Order.objects.filter(restocks=nus).count() == 1
    assert StockBalance.objects.get(warehouse=nus, article=walker).on_hand == 1


def test_a_dry_run_prints_and_changes_nothing(nus, main):
    walker = ArticleFactory(article_no="17940", name="Rollator")
    balance(nus, walker, on_hand=1, safety_stock=3)

    out = run("--dry-run")

    assert "402" in out and "would order" in out
    assert "17940 Rollator: 2" in out
    assert not Order.objects.exists()
    assert StockBalance.objects.get(warehouse=nus, article=walker).reserved == 0


def test_a_store_without_shortfall_gets_no_order(nus, lycksele, main):
    walker = ArticleFactory()
    balance(nus, walker, on_hand=1, safety_stock=3)
    balance(lycksele, walker, on_hand=5, safety_stock=3)
    # No safety stock: never replenished.
    balance(lycksele, ArticleFactory(), on_hand=0)

    out = run()

    assert Order.objects.filter(restocks=nus).count() == 1
    assert not Order.objects.filter(restocks=lycksele).exists()
    assert "602 Lycksele" in out and "nothing to order" in out.split("602")[1]


def test_the_main_warehouse_is_never_replenished(main):
    balance(main, ArticleFactory(), on_hand=0, safety_stock=5)

    replenish_stores()

    assert not Order.objects.exists()


def test_the_admin_lists_replenishments_by_kind_with_their_store(
    staff_client, nus, main
):
    balance(nus, ArticleFactory(), on_hand=0, safety_stock=2)
    [run_nus, _other] = replenish_stores()

    listed = staff_client.get("/admin/orders/order/?kind__exact=restock")
    page = staff_client.get(f"/admin/orders/order/{run_nus.order.pk}/change/")

    assert run_nus.order.number in listed.text
    assert str(nus) in listed.text
    assert str(nus) in page.text

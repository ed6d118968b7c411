"""Lagerpåfyllnad: each day every local store (402 NUS, 602 Lycksele) gets
from the main warehouse what it lacks of its safety stock, as one order of
kind Påfyllnad registered like any other (number, reservations at 500) and
shipped by customer service into the store. What open replenishments are
still bringing counts as on its way, so a second run orders nothing more."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Sum

from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse

from ..choices import OPEN_LINE_STATUSES, OPEN_ORDER_STATUSES, OrderKind
from ..models import Order, OrderLine
from .execution import execute_order
from .stores import keeps_stock


@dataclass
class Replenishment:
    """One store's run: the (article, quantity) it lacks and the order
    made for them (None on a dry run or when it lacks nothing)."""

    store: Warehouse
    shortfalls: list = field(default_factory=list)
    order: Order | None = None


def _on_the_way(store):
    """{article id: quantity} the store's open replenishments have still to
    deliver."""
    return dict(
        OrderLine.objects.filter(
            order__kind=OrderKind.REPLENISHMENT,
            order__restocks=store,
            order__status__in=OPEN_ORDER_STATUSES,
            status__in=OPEN_LINE_STATUSES,
        )
        .values("article")
        .annotate(coming=Sum(F("quantity") - F("delivered_quantity")))
        .values_list("article", "coming")
    )


def shortfalls(store):
    """[(article, quantity)] the store lacks, by article number: for each
    balance whose available stock (on hand less reserved) and what is on
    its way fall below the safety stock, what brings it up to its
    order-up-to level, or else to the safety stock. Only what is still
    ordered is restocked."""
    coming = _on_the_way(store)
    # An outgoing article or one out of the assortment is not restocked:
    # prescribers are to take its successor.
    balances = (
        StockBalance.objects.filter(
            warehouse=store,
            safety_stock__gt=0,
            article__in_assortment=True,
            article__outgoing=False,
        )
        .select_related("article")
        .order_by("article__article_no")
    )
    lacking = []
    for balance in balances:
        if not keeps_stock(balance.article):
            continue
        expected = (
            balance.on_hand - balance.reserved + coming.get(balance.article_id, 0)
        )
        if expected >= balance.safety_stock:
            continue
        # An order-up-to level under the safety stock would leave it short.
        target = max(balance.order_up_to or 0, balance.safety_stock)
        lacking.append((balance.article, target - expected))
    return lacking


def replenish_stores(dry_run=False):
    """Order what each local store lacks from the main warehouse; a dry run
    only says what it would order. Returns a Replenishment per store."""
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    return [
        _replenish(store, main, dry_run)
        for store in Warehouse.objects.exclude(code=MAIN_WAREHOUSE).order_by("code")
    ]


def _replenish(store, main, dry_run):
    with transaction.atomic():
        # Under a lock on the store: two runs at once take turns, and the
        # second sees the first's order on its way.
        store = Warehouse.objects.select_for_update().get(pk=store.pk)
        run = Replenishment(store, shortfalls(store))
        if dry_run or not run.shortfalls:
            return run
        order = Order.objects.create(
            kind=OrderKind.REPLENISHMENT, warehouse=main, restocks=store
        )
        OrderLine.objects.bulk_create(
            OrderLine(order=order, position=position, article=article, quantity=qty)
            for position, (article, qty) in enumerate(run.shortfalls, start=1)
        )
        run.order = execute_order(order, None)
        return run

"""Demo stock: every article in the assortment at the main warehouse, the
small aids prescribers borrow also at the local stores 402 and 602; above,
at and below safety stock, some out of stock. Written through the stock
service, so that the ledger explains every figure."""

import random

from warehouse.models import MAIN_WAREHOUSE, Warehouse
from warehouse.services import Count, count_stock_many

SEED = 402
REASON = "Demodata"
LOCAL_STORES = ("402", "602")
# Rollators, shower and toilet aids, cushions: what the local stores lend.
LOCAL_ISO_PREFIXES = ("1206", "1207", "0912", "0933", "0433")
LEVELS = ("out", "below", "at", "above")

# The manual's examples at the main warehouse: stock on the older articles,
# on the new one only in example 1.
MANUAL_STOCK = {
    "11411": (6, 2),
    "11418": (12, 4),
    "10968": (5, 2),
    "34305": (0, 2),
    "16988": (3, 2),
    "18387": (4, 2),
    "32733": (0, 3),
}


def plan_stock(articles):
    """{(warehouse code, article_no): (on hand, safety stock)}, the same
    every time for the same articles."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    in_assortment = sorted(
        number for number, article in articles.items() if article.in_assortment
    )
    local = [
        number
        for number in in_assortment
        if articles[number].iso_class.code.startswith(LOCAL_ISO_PREFIXES)
    ]
    plan = {}
    for code, numbers in [(MAIN_WAREHOUSE, in_assortment)] + [
        (code, local) for code in LOCAL_STORES
    ]:
        for index, number in enumerate(numbers):
            # The first few cover every level, so each warehouse shows all.
            level = (
                LEVELS[index]
                if index < len(LEVELS)
                else rng.choices(LEVELS, weights=(1, 2, 1, 6))[0]
            )
            safety = rng.randint(2, 8)
            plan[code, number] = (_on_hand(rng, level, safety), safety)
    for number, figures in MANUAL_STOCK.items():
        plan[MAIN_WAREHOUSE, number] = figures
    return plan


def _on_hand(rng, level, safety):
    if level == "out":
        return 0
    if level == "below":
        return rng.randint(1, safety - 1)
    if level == "at":
        return safety
    return safety + rng.randint(1, 30)


def seed_stock(articles):
    """Count the planned stock in one call; balances that already match are
    unchanged, so seeding again adds nothing to the ledger."""
    warehouses = {w.code: w for w in Warehouse.objects.all()}
    count_stock_many(
        [
            Count(warehouses[code], articles[number], on_hand, safety)
            for (code, number), (on_hand, safety) in plan_stock(articles).items()
        ],
        REASON,
    )

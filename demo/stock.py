"""Demo stock (demo/data/stock.csv): every article in the assortment at the
main warehouse, the small aids prescribers borrow (rollators, shower and
toilet aids, cushions) also at the local stores 402 and 602; above, at and
below safety stock, some out of stock. Loaded through the stock import,
so that the ledger explains every figure and loading again adds nothing."""

from .loading import load


def seed_stock():
    load("stock")

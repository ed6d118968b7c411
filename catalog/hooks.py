"""What the catalogue's pages show of the apps above it, without importing
them (the layers contract in pyproject.toml): the warehouse fills in the
stock, orders the draft that Beställ adds to. The higher apps set these in
their AppConfig.ready(); the catalogue only calls them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class CatalogueHooks:
    # An Article queryset annotated with the main warehouse's stock.
    with_stock: Callable[[Any], Any] | None = None
    # The stock status of an article annotated by with_stock.
    stock_status: Callable[[Any], Any] | None = None
    # [(warehouse, status)] of one article in every warehouse.
    stock_by_warehouse: Callable[[Any], list] | None = None
    # The user's order draft that Beställ adds to, or None.
    current_draft: Callable[[Any], Any] | None = None
    # The page where an article outside the assortment is requested, by its
    # number (outside_assortment).
    outside_request_url: Callable[[str], str] | None = None


hooks = CatalogueHooks()

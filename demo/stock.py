"""Demo stock (demo/data/stock.csv): every article in the assortment at the
main warehouse, the small aids prescribers borrow (rollators, shower and
toilet aids, cushions) also at the local stores 402 and 602, and a manual
wheelchair there whose units are on the stores' shelves; above, at and
below safety stock, some out of stock. Loaded through the stock import,
so that the ledger explains every figure and loading again adds nothing."""

from aids.choices import IndividualLocation
from aids.models import Individual
from warehouse.models import MAIN_WAREHOUSE, StockBalance

from .loading import load


def seed_stock():
    load("stock")
    _seed_store_units()


def _seed_store_units():
    """A unit on the shelf for each I-marked article a local store holds,
    numbered by store (402-20148-1), so a withdrawal or a loan can name the
    one taken. Made once: a unit taken since stays where it went."""
    balances = StockBalance.objects.filter(
        article__individually_marked=True, on_hand__gt=0
    ).exclude(warehouse__code=MAIN_WAREHOUSE)
    Individual.objects.bulk_create(
        [
            Individual(
                individual_no=f"{b.warehouse.code}-{b.article.article_no}-{n}",
                article=b.article,
                warehouse=b.warehouse,
                location=IndividualLocation.IN_WAREHOUSE,
            )
            for b in balances.select_related("warehouse", "article")
            for n in range(1, b.on_hand + 1)
        ],
        ignore_conflicts=True,
    )

"""Stock status as prescribers see it: in stock, few left, or out of stock
(and then how long the supplier takes). Shown as a colour and a text."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from .choices import StockLevel
from .models import MAIN_WAREHOUSE, StockBalance, Warehouse

# Decoration beside the text; the colour and symbol never carry meaning alone.
SYMBOLS = {
    StockLevel.IN_STOCK: "●",
    StockLevel.FEW_LEFT: "◐",
    StockLevel.OUT_OF_STOCK: "○",
}


@dataclass(frozen=True)
class StockStatus:
    level: StockLevel
    # Set where an empty shelf means the supplier delivers (the main
    # warehouse); the local stores are refilled from it instead.
    lead_time_days: int | None = None

    @property
    def text(self):
        if self.level != StockLevel.OUT_OF_STOCK or self.lead_time_days is None:
            return self.level.label
        if not self.lead_time_days:
            return gettext("Slut i lager – levereras från leverantör")
        return ngettext(
            "Slut i lager – levereras från leverantör, leveranstid %(days)d arbetsdag",
            "Slut i lager – levereras från leverantör, leveranstid %(days)d arbetsdagar",
            self.lead_time_days,
        ) % {"days": self.lead_time_days}

    def __html__(self):
        # Rendered in Python, not by a template: long article lists show one
        # per row, and a template include per row dominated the page's time.
        return format_html(
            '<span class="stock stock-{}"><span aria-hidden="true">{}</span> {}</span>',
            self.level,
            SYMBOLS[self.level],
            self.text,
        )

    __str__ = __html__


def stock_status(available, safety_stock, lead_time_days=None):
    if available <= 0:
        level = StockLevel.OUT_OF_STOCK
    elif available <= safety_stock:
        level = StockLevel.FEW_LEFT
    else:
        level = StockLevel.IN_STOCK
    return StockStatus(level, lead_time_days)


def _balance_subqueries(balances):
    """available and safety stock of the one balance row in `balances`, 0
    where the warehouse has never held the article."""
    return {
        "stock_available": Coalesce(
            Subquery(
                balances.values(value=F("on_hand") - F("reserved"))[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        "stock_safety": Coalesce(
            Subquery(balances.values("safety_stock")[:1]), Value(0)
        ),
    }


def with_stock(articles, warehouse_code=MAIN_WAREHOUSE):
    """Annotate an Article queryset with stock_available and stock_safety at
    one warehouse, in the same SQL query (list pages stay at a fixed count)."""
    # No ordering: the model's default would join the article table again.
    balances = StockBalance.objects.filter(
        article=OuterRef("pk"), warehouse__code=warehouse_code
    ).order_by()
    return articles.annotate(**_balance_subqueries(balances))


def article_status(article):
    """The status of an article annotated by with_stock() at the main warehouse."""
    return stock_status(
        article.stock_available, article.stock_safety, article.lead_time_days
    )


def stock_by_warehouse(article):
    """[(warehouse, StockStatus)] for every warehouse, in one query."""
    balances = StockBalance.objects.filter(
        article=article, warehouse=OuterRef("pk")
    ).order_by()
    # The main warehouse first: it is the one that delivers.
    warehouses = Warehouse.objects.annotate(**_balance_subqueries(balances)).order_by(
        Case(When(code=MAIN_WAREHOUSE, then=0), default=1), "code"
    )
    return [
        (
            warehouse,
            stock_status(
                warehouse.stock_available,
                warehouse.stock_safety,
                article.lead_time_days if warehouse.code == MAIN_WAREHOUSE else None,
            ),
        )
        for warehouse in warehouses
    ]

"""Import of counted stock balances, and the customers' local stores in the
customers import (DATA-FORMATS.md)."""

from django.utils.translation import gettext_lazy as _

from accounts.importers import CustomerImporter
from catalog.models import Article
from imports.columns import Integer, Ref
from imports.importer import Importer, replace_related
from imports.registry import register
from imports.rows import Status

from . import services
from .models import MAIN_WAREHOUSE, LocalStoreCustomer, StockBalance, Warehouse


@register
class CustomerWithStoresImporter(CustomerImporter):
    """The customers import with its optional column `stores`: the local
    stores (402, 602) the customer's prescribers may draw from, `|`-separated.
    A file without the column leaves every customer's stores as they are; an
    empty cell removes them."""

    columns = {
        **CustomerImporter.columns,
        "stores": Ref(
            Warehouse, "code", _("okänt lager %(value)s"), many=True, optional=True
        ),
    }

    def check(self, rows):
        super().check(rows)
        for row in rows:
            if any(w.code == MAIN_WAREHOUSE for w in row.values.get("stores") or []):
                self.error(row, "stores", _("Huvudlagret 500 är inget eget förråd."))

    def write_related(self, rows):
        super().write_related(rows)
        given = [row for row in rows if "stores" in row.values]
        changed = replace_related(
            LocalStoreCustomer,
            "customer",
            ["warehouse_id"],
            {
                row.obj.pk: {(store.pk,) for store in row.values["stores"] or []}
                for row in given
            },
        )
        for row in given:
            if row.obj.pk in changed and row.status == Status.UNCHANGED:
                row.status = Status.UPDATED


@register
class StockImporter(Importer):
    kind = "stock"
    label = _("Lagersaldon")
    order = 50
    model = StockBalance
    key = ("warehouse", "article_no")
    columns = {
        "warehouse": Ref(Warehouse, "code", _("okänt lager %(value)s"), required=True),
        "article_no": Ref(
            Article, "article_no", _("okänd artikel %(value)s"), required=True
        ),
        "on_hand": Integer(min_value=0, required=True),
        "safety_stock": Integer(min_value=0, required=True),
    }

    def write(self, rows):
        # Most of a nightly file matches what is stored: only the other rows
        # go through the stock service, which locks the balances it counts.
        stored = {
            (warehouse_id, article_id): counts
            for warehouse_id, article_id, *counts in StockBalance.objects.filter(
                article__in=[row.values["article_no"] for row in rows]
            ).values_list("warehouse_id", "article_id", "on_hand", "safety_stock")
        }
        reason = f"Import {self.file_name}"[:200]
        changed, counts = [], []
        for row in rows:
            count = services.Count(
                row.values["warehouse"],
                row.values["article_no"],
                row.values["on_hand"],
                row.values["safety_stock"],
            )
            key = (count.warehouse.pk, count.article.pk)
            if stored.get(key) == [count.on_hand, count.safety_stock]:
                row.status = Status.UNCHANGED
            else:
                changed.append(row)
                counts.append(count)
        results = services.count_stock_many(counts, reason, user=self.user)
        for row, result in zip(changed, results, strict=True):
            row.status = Status(result)

"""Import of counted stock balances (DATA-FORMATS.md)."""

from django.utils.translation import gettext_lazy as _

from catalog.models import Article
from imports.columns import Integer, Ref
from imports.importer import Importer
from imports.registry import register
from imports.rows import Status

from . import services
from .models import StockBalance, Warehouse


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

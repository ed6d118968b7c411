"""Import of counted stock balances (DATA-FORMATS.md)."""

from django.utils.translation import gettext_lazy as _

from catalog.models import Article
from websesam.imports import Importer, Integer, Ref, Status, register

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
        reason = f"Import {self.file_name}"
        for row in rows:
            row.status = Status(
                services.count_stock(
                    row.values["warehouse"],
                    row.values["article_no"],
                    row.values["on_hand"],
                    row.values["safety_stock"],
                    reason[:200],
                    user=self.user,
                )
            )

"""Older articles that a newly ordered one replaces (F-06): which have
stock, which is proposed, and the prescriber's choice."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import Article, Replacement
from warehouse.models import StockBalance
from warehouse.status import stock_status

from ..models import Order
from .rules import _check_draft


def has_alternatives_in_stock(article, warehouse):
    return StockBalance.objects.filter(
        warehouse=warehouse,
        article__newer_links__new=article,
        on_hand__gt=F("reserved"),
    ).exists()


@dataclass(frozen=True)
class Alternative:
    article: Article
    available: int
    outgoing: bool
    safety_stock: int = 0

    @property
    def status(self):
        return stock_status(
            self.available, self.safety_stock, self.article.lead_time_days
        )


def alternatives_of(lines, warehouse):
    """{line pk: its alternatives} for lines of one draft delivered from
    `warehouse`: each line's ordered article and the older ones it replaces
    (by preference), with their stock there (F-06). Two queries however
    many lines."""
    if not lines:
        return {}
    older = defaultdict(list)
    for link in (
        Replacement.objects.filter(new__in={line.article_id for line in lines})
        .select_related("old__supplier")
        .order_by("preference", "old__article_no")
    ):
        older[link.new_id].append(link.old)
    articles = {line.article_id for line in lines} | {
        old.pk for olds in older.values() for old in olds
    }
    stock = {
        article_id: (free, safety)
        for article_id, free, safety in StockBalance.objects.filter(
            warehouse=warehouse, article__in=articles
        )
        .annotate(free=F("on_hand") - F("reserved"))
        .values_list("article_id", "free", "safety_stock")
    }
    return {
        line.pk: [
            _alternative(article, line.article, stock)
            for article in [line.article, *older[line.article_id]]
        ]
        for line in lines
    }


def _alternative(article, ordered, stock):
    free, safety = stock.get(article.pk, (0, 0))
    return Alternative(
        article, free, outgoing=article is not ordered, safety_stock=safety
    )


def alternatives(line):
    """The ordered article and the older ones it replaces, with their stock
    at the draft's warehouse."""
    return alternatives_of([line], line.order.warehouse_id)[line.pk]


def proposed_alternative(choices, quantity):
    """The first older article with stock for the whole quantity; the
    ordered one when none has."""
    for choice in choices[1:]:
        if choice.available >= quantity:
            return choice.article
    return choices[0].article


@transaction.atomic
def choose_alternative(line, article):
    """Keep the ordered article or take one of the older ones instead. The
    order is read afresh and locked: the line's copy may predate an execute
    in another tab."""
    _check_draft(Order.objects.select_for_update().only("status").get(pk=line.order_id))
    allowed = {choice.article.pk for choice in alternatives(line)}
    if article.pk not in allowed:
        raise ValidationError(
            _("Välj en av artiklarna i listan."), code="not_an_alternative"
        )
    line.article = article
    line.alternatives_pending = False
    line.save(update_fields=["article", "alternatives_pending"])

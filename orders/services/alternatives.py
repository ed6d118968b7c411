"""Older articles that a newly ordered one replaces (F-06): which have
stock, which is proposed, and the prescriber's choice."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import Article, Replacement
from warehouse.models import StockBalance

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


def alternatives(line):
    """The ordered article and the older ones it replaces (by preference),
    each with its available stock at the delivering warehouse (F-06)."""
    warehouse = line.order.warehouse
    older = [
        link.old
        for link in Replacement.objects.filter(new=line.article)
        .select_related("old__supplier")
        .order_by("preference", "old__article_no")
    ]
    articles = [line.article, *older]
    available = dict(
        StockBalance.objects.filter(warehouse=warehouse, article__in=articles)
        .annotate(free=F("on_hand") - F("reserved"))
        .values_list("article_id", "free")
    )
    return [
        Alternative(
            article,
            available.get(article.pk, 0),
            outgoing=article is not line.article,
        )
        for article in articles
    ]


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

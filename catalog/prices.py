"""Which price applies when. An article's price rows (ArticlePrice) each hold
from their `valid_from` until the next row's; before the first row the
article has no price."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Q, Subquery

from .models import ArticlePrice


def price_on(article, day):
    """The price row of `article` (an Article or its id) valid on `day`, or
    None when it has none yet."""
    article_id = getattr(article, "pk", article)
    return (
        ArticlePrice.objects.filter(article_id=article_id, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def prices_in(article_ids, first_day, last_day):
    """The price rows that apply on some day from `first_day` to `last_day`
    (inclusive) for the articles `article_ids` (a list, a queryset of ids or
    None for all), ordered by article and date: the one valid on
    `first_day`, if any, and those that start later within the period. One
    query, whatever the number of articles: a month of 15,000 articles with
    four prices each takes ~45 ms in the database, a list of their ids
    about twice as long as None."""
    valid_at_start = (
        ArticlePrice.objects.filter(
            article_id=OuterRef("article_id"), valid_from__lte=first_day
        )
        .order_by("-valid_from")
        .values("valid_from")[:1]
    )
    rows = ArticlePrice.objects.filter(valid_from__lte=last_day).filter(
        Q(valid_from__gt=first_day) | Q(valid_from=Subquery(valid_at_start))
    )
    if article_ids is not None:
        rows = rows.filter(article_id__in=article_ids)
    return rows.order_by("article_id", "valid_from")


@dataclass(frozen=True)
class PricePeriod:
    """The days `first_day` to `last_day` (inclusive) on which `price` holds."""

    first_day: date
    last_day: date
    price: ArticlePrice

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1


def price_periods(article_ids, first_day, last_day):
    """The period from `first_day` to `last_day` cut where an article's price
    changes: {article id: [PricePeriod, ...]} in date order. Days before an
    article's first price are in no period; an article without any price in
    the period is left out."""
    periods = {}
    rows = list(prices_in(article_ids, first_day, last_day))
    if not rows:
        # No price at all yet (a new installation): the pairing below
        # would be uneven.
        return periods
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        same_article = following is not None and (
            following.article_id == row.article_id
        )
        end = following.valid_from - timedelta(days=1) if same_article else last_day
        periods.setdefault(row.article_id, []).append(
            PricePeriod(max(row.valid_from, first_day), end, row)
        )
    return periods


def current_prices(article_ids, day):
    """{article id: the price row valid on `day`} for the articles that have
    one, in one query."""
    return {
        row.article_id: row
        for row in ArticlePrice.objects.filter(
            article_id__in=article_ids, valid_from__lte=day
        )
        .order_by("article_id", "-valid_from")
        .distinct("article_id")
    }

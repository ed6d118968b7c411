"""Changes to the catalogue that are more than a saved row: price changes."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.vat import VatRate

from .models import Article, ArticlePrice
from .prices import current_prices

PRICE_FIELDS = ("monthly_rent", "price", "vat_rate")


def earliest_price_change(article_id):
    """The first day a new price of the article may apply from: after its
    latest price row, since earlier days are history, and not before this
    month, since earlier months may be invoiced already (invoices are never
    changed). `article_id` is None for an article being added."""
    earliest = timezone.localdate().replace(day=1)
    if article_id is not None:
        latest = (
            ArticlePrice.objects.filter(article_id=article_id)
            .order_by("-valid_from")
            .values_list("valid_from", flat=True)
            .first()
        )
        if latest is not None:
            earliest = max(earliest, latest + timedelta(days=1))
    return earliest


def price_change_refusal(article_id, valid_from):
    """Why a price change from `valid_from` may not be added, or None."""
    earliest = earliest_price_change(article_id)
    if valid_from < earliest:
        return _("Ett nytt pris kan gälla tidigast från %(date)s.") % {
            "date": earliest.isoformat()
        }
    return None


@transaction.atomic
def add_price_change(user, article, *, valid_from, monthly_rent, price, vat_rate):
    """A new price of `article` from `valid_from` (customer service in the
    admin). The article row is locked so that two submits of one change
    add it once: the second is refused as not after the latest."""
    Article.objects.select_for_update().filter(pk=article.pk).first()
    refusal = price_change_refusal(article.pk, valid_from)
    if refusal:
        raise ValidationError({"valid_from": refusal})
    return ArticlePrice.objects.create(
        article=article,
        valid_from=valid_from,
        monthly_rent=monthly_rent,
        price=price,
        vat_rate=VatRate.STANDARD if vat_rate is None else vat_rate,
        created_by=user,
    )


def record_prices(user, given, day):
    """Prices from an import file (uploaded by `user`, None from the
    command), as of `day`: `given` maps article ids to
    the price columns the file has ({"price": Decimal or None, ...}); a
    column it leaves out keeps the current value. An article whose price
    differs from the one valid on `day` gets a row from `day`; the rows
    before stay as they are. Returns the ids of the articles changed.

    A row already starting on `day` is corrected instead: a second file the
    same day (or a change entered earlier today) has not been invoiced."""
    current = current_prices(list(given), day)
    new, corrected = [], []
    for article_id, columns in given.items():
        row = current.get(article_id)
        before = row.as_tuple() if row else (None, None, VatRate.STANDARD)
        after = tuple(
            columns.get(name, value)
            for name, value in zip(PRICE_FIELDS, before, strict=True)
        )
        if after[2] is None:
            after = (*after[:2], VatRate.STANDARD)
        if after == before:
            continue
        values = dict(zip(PRICE_FIELDS, after, strict=True))
        if row and row.valid_from == day:
            for name, value in values.items():
                setattr(row, name, value)
            row.created_by = user
            corrected.append(row)
        else:
            new.append(
                ArticlePrice(
                    article_id=article_id, valid_from=day, created_by=user, **values
                )
            )
    ArticlePrice.objects.bulk_create(new, batch_size=1000)
    ArticlePrice.objects.bulk_update(
        corrected, [*PRICE_FIELDS, "created_by"], batch_size=200
    )
    return {row.article_id for row in new + corrected}

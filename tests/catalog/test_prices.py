"""Which price applies on a day and within a period (catalog.prices), and
adding a price change (catalog.services)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalog.models import ArticlePrice
from catalog.prices import PricePeriod, price_on, price_periods, prices_in
from catalog.services import add_price_change
from tests.factories import ArticleFactory, ArticlePriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    """100 kr a month from 1 January, 120 kr from 15 March 2026."""
    article = ArticleFactory()
    ArticlePriceFactory(article=article, valid_from=date(2026, 1, 1))
    ArticlePriceFactory(
        article=article, valid_from=date(2026, 3, 15), monthly_rent=Decimal("120")
    )
    return article


@pytest.mark.parametrize(
    ("day", "rent"),
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 1), Decimal("100")),
        (date(2026, 3, 14), Decimal("100")),
        (date(2026, 3, 15), Decimal("120")),
        (date(2026, 3, 16), Decimal("120")),
        (date(2030, 1, 1), Decimal("120")),
    ],
)
def test_the_price_on_a_day_is_the_latest_from_that_day_or_before(article, day, rent):
    found = price_on(article, day)

    assert (found and found.monthly_rent) == rent
    assert price_on(article.pk, day) == found


def test_an_article_without_prices_has_none(article):
    assert price_on(ArticleFactory(), date(2026, 3, 15)) is None


def test_other_articles_prices_do_not_count(article):
    other = ArticleFactory()
    ArticlePriceFactory(article=other, valid_from=date(2026, 3, 1))

    assert price_on(article, date(2026, 3, 10)).valid_from == date(2026, 1, 1)


def test_the_rows_in_a_month_are_the_one_valid_on_its_first_day_and_later_ones(
    article, django_assert_num_queries
):
    unpriced = ArticleFactory()
    starts_mid_month = ArticleFactory()
    ArticlePriceFactory(article=starts_mid_month, valid_from=date(2026, 3, 10))
    ArticlePriceFactory(article=starts_mid_month, valid_from=date(2026, 4, 1))
    ids = [article.pk, unpriced.pk, starts_mid_month.pk]

    with django_assert_num_queries(1):
        rows = [
            (row.article_id, row.valid_from)
            for row in prices_in(ids, date(2026, 3, 1), date(2026, 3, 31))
        ]

    assert rows == sorted(
        [
            (article.pk, date(2026, 1, 1)),
            (article.pk, date(2026, 3, 15)),
            (starts_mid_month.pk, date(2026, 3, 10)),
        ]
    )


@pytest.mark.parametrize(
    ("first_day", "last_day", "valid_from"),
    [
        # The change's day is the period's first: the older row is not used.
        (date(2026, 3, 15), date(2026, 3, 31), [date(2026, 3, 15)]),
        # The period ends the day before the change.
        (date(2026, 3, 1), date(2026, 3, 14), [date(2026, 1, 1)]),
        # The period ends on the change's day.
        (date(2026, 3, 1), date(2026, 3, 15), [date(2026, 1, 1), date(2026, 3, 15)]),
        (date(2025, 12, 1), date(2025, 12, 31), []),
    ],
)
def test_the_rows_of_a_period_at_its_edges(article, first_day, last_day, valid_from):
    rows = prices_in([article.pk], first_day, last_day)

    assert [row.valid_from for row in rows] == valid_from


def test_all_articles_when_none_are_named(article):
    other = ArticlePriceFactory(valid_from=date(2026, 2, 1))

    rows = prices_in(None, date(2026, 3, 1), date(2026, 3, 31))

    assert {row.article_id for row in rows} == {article.pk, other.article_id}


def test_a_month_without_any_price_has_no_periods():
    # invoice_month on a new installation, before the first price import.
    assert price_periods(None, date(2026, 3, 1), date(2026, 3, 31)) == {}


def test_a_change_mid_month_cuts_the_month_in_two_periods(article):
    late = ArticlePriceFactory(valid_from=date(2026, 3, 20))

    periods = price_periods(
        [article.pk, late.article_id, ArticleFactory().pk],
        date(2026, 3, 1),
        date(2026, 3, 31),
    )

    before, after = periods[article.pk]
    assert (before.first_day, before.last_day, before.days) == (
        date(2026, 3, 1),
        date(2026, 3, 14),
        14,
    )
    assert before.price.monthly_rent == Decimal("100")
    assert (after.first_day, after.last_day, after.days) == (
        date(2026, 3, 15),
        date(2026, 3, 31),
        17,
    )
    assert after.price.monthly_rent == Decimal("120")
    # No price before the 20th: those days are in no period.
    assert periods[late.article_id] == [
        PricePeriod(date(2026, 3, 20), date(2026, 3, 31), late)
    ]
    assert len(periods) == 2


def test_the_database_refuses_two_rows_from_one_day(article):
    with pytest.raises(IntegrityError):
        ArticlePriceFactory(article=article, valid_from=date(2026, 3, 15))


def test_the_database_refuses_a_negative_price(article):
    with pytest.raises(IntegrityError):
        ArticlePriceFactory(
            article=article, valid_from=date(2026, 5, 1), price=Decimal("-1")
        )


def test_only_swedish_vat_rates_are_valid(article):
    price = ArticlePriceFactory.build(
        article=article, valid_from=date(2026, 5, 1), vat_rate=Decimal("26")
    )

    with pytest.raises(ValidationError, match="inget giltigt alternativ"):
        price.full_clean()
    with pytest.raises(IntegrityError):
        price.save()


def test_staff_add_a_price_change_from_a_date(article, staff, time_machine):
    time_machine.move_to(date(2026, 4, 2))

    row = add_price_change(
        staff,
        article,
        valid_from=date(2026, 4, 1),
        monthly_rent=None,
        price=Decimal("2500"),
        vat_rate=None,
    )

    assert price_on(article, date(2026, 4, 1)) == row
    assert (row.monthly_rent, row.price, row.vat_rate, row.created_by) == (
        None,
        Decimal("2500"),
        Decimal("25"),
        staff,
    )
    assert article.prices.count() == 3


@pytest.mark.parametrize(
    ("today", "valid_from", "earliest"),
    [
        # Not on or before the latest row's day: that is history.
        (date(2026, 3, 20), date(2026, 3, 15), "2026-03-16"),
        # Not in an earlier month: it may be invoiced.
        (date(2026, 5, 10), date(2026, 4, 30), "2026-05-01"),
    ],
)
def test_a_price_change_cannot_rewrite_history(
    article, staff, time_machine, today, valid_from, earliest
):
    time_machine.move_to(today)

    with pytest.raises(ValidationError, match=f"tidigast från {earliest}"):
        add_price_change(
            staff,
            article,
            valid_from=valid_from,
            monthly_rent=Decimal("1"),
            price=None,
            vat_rate=Decimal("25"),
        )

    assert ArticlePrice.objects.filter(article=article).count() == 2

"""The optional price columns of the articles import: monthly_rent, price,
vat_rate. A changed price is a new row from the day of the import."""

from datetime import date
from decimal import Decimal

import pytest

from catalog.models import Article, ArticlePrice
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    IsoClassFactory,
    SupplierFactory,
)

from .helpers import import_csv, import_fails
from .test_catalog import ARTICLE_HEADER, article_line

pytestmark = pytest.mark.django_db

PRICE_HEADER = f"{ARTICLE_HEADER};monthly_rent;price;vat_rate"


def priced_line(article_no, monthly_rent="", price="", vat_rate="", **cells):
    return f"{article_line(article_no, **cells)};{monthly_rent};{price};{vat_rate}"


@pytest.fixture(autouse=True)
def catalogue(db, time_machine):
    time_machine.move_to(date(2026, 3, 10))
    SupplierFactory(name="Invacare AB")
    IsoClassFactory(code="122206", title="Rollatorer")


def history(article_no):
    return list(
        ArticlePrice.objects.filter(article__article_no=article_no)
        .order_by("valid_from")
        .values_list("valid_from", "monthly_rent", "price", "vat_rate")
    )


def test_new_articles_get_their_prices_from_the_day_of_the_import(csv_file):
    path = csv_file(
        [
            PRICE_HEADER,
            priced_line("200001", monthly_rent="125,50", vat_rate="25"),
            priced_line("200002", price="1999.9", vat_rate="12"),
            priced_line("200003", monthly_rent="80", price="1500,00"),
            priced_line("200004"),
        ]
    )

    out = import_csv("articles", path)

    assert out.endswith(": 4 skapade, 0 ändrade, 0 oförändrade\n")
    today = date(2026, 3, 10)
    assert history("200001") == [(today, Decimal("125.50"), None, Decimal(25))]
    assert history("200002") == [(today, None, Decimal("1999.90"), Decimal(12))]
    # An empty VAT rate is the default, 25 %.
    assert history("200003") == [
        (today, Decimal("80.00"), Decimal("1500.00"), Decimal(25))
    ]
    # Neither rented out nor sold: no price row at all.
    assert history("200004") == []
    assert import_csv("articles", path).endswith(
        ": 0 skapade, 0 ändrade, 4 oförändrade\n"
    )
    assert ArticlePrice.objects.count() == 3


def test_a_changed_price_adds_a_row_and_keeps_the_history(csv_file, time_machine):
    article = ArticleFactory(article_no="200001")
    ArticlePriceFactory(article=article, valid_from=date(2026, 1, 1))
    path = csv_file([PRICE_HEADER, priced_line("200001", monthly_rent="100")])
    # The same price written differently is no change.
    assert import_csv("articles", path).endswith(
        ": 0 skapade, 1 ändrade, 0 oförändrade\n"
    )
    assert len(history("200001")) == 1

    time_machine.move_to(date(2026, 4, 1))
    path = csv_file([PRICE_HEADER, priced_line("200001", monthly_rent="110,00")])
    out = import_csv("articles", path)

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert history("200001") == [
        (date(2026, 1, 1), Decimal("100.00"), None, Decimal(25)),
        (date(2026, 4, 1), Decimal("110.00"), None, Decimal(25)),
    ]


def test_an_emptied_price_means_no_longer_rented_out(csv_file):
    ArticlePriceFactory(
        article=ArticleFactory(article_no="200001"), valid_from=date(2026, 1, 1)
    )
    path = csv_file([PRICE_HEADER, priced_line("200001", price="900")])

    import_csv("articles", path)

    assert history("200001")[-1] == (
        date(2026, 3, 10),
        None,
        Decimal("900.00"),
        Decimal(25),
    )


def test_a_second_file_the_same_day_corrects_that_days_row(csv_file):
    import_csv("articles", csv_file([PRICE_HEADER, priced_line("200001", price="9")]))

    import_csv("articles", csv_file([PRICE_HEADER, priced_line("200001", price="90")]))

    assert history("200001") == [(date(2026, 3, 10), None, Decimal("90.00"), 25)]


def test_a_file_without_the_price_columns_leaves_the_prices_alone(csv_file):
    ArticlePriceFactory(
        article=ArticleFactory(article_no="200001"), valid_from=date(2026, 1, 1)
    )
    path = csv_file([ARTICLE_HEADER, article_line("200001"), article_line("200002")])

    out = import_csv("articles", path)

    assert out.endswith(": 1 skapade, 1 ändrade, 0 oförändrade\n")
    assert history("200001") == [
        (date(2026, 1, 1), Decimal("100.00"), None, Decimal(25))
    ]
    assert history("200002") == []


def test_a_column_left_out_keeps_its_current_value(csv_file):
    ArticlePriceFactory(
        article=ArticleFactory(article_no="200001"),
        valid_from=date(2026, 1, 1),
        price=Decimal("2000"),
        vat_rate=Decimal(12),
    )
    path = csv_file([f"{ARTICLE_HEADER};price", f"{article_line('200001')};2100"])

    import_csv("articles", path)

    assert history("200001")[-1] == (
        date(2026, 3, 10),
        Decimal("100.00"),
        Decimal("2100.00"),
        Decimal(12),
    )


def test_bad_prices_are_answered_per_row_and_nothing_is_imported(csv_file):
    ArticlePriceFactory(
        article=ArticleFactory(article_no="200009"), valid_from=date(2026, 1, 1)
    )
    path = csv_file(
        [
            PRICE_HEADER,
            priced_line("200001", monthly_rent="12,345"),
            priced_line("200002", price="-5"),
            priced_line("200003", price="1 000"),
            priced_line("200004", price="1.000,50"),
            priced_line("200005", monthly_rent="hundra", vat_rate="26"),
            priced_line("200006", monthly_rent="100000000"),
            priced_line("200009", monthly_rent="200"),
        ]
    )

    errors = import_fails("articles", path)

    assert errors == [
        f"{path}:2: monthly_rent: Säkerställ att det inte är mer än 2 decimaler.",
        f"{path}:3: price: Kontrollera att detta värde är större än eller lika med 0.",
        f"{path}:4: price: 1 000 är inte ett tal (skriv t.ex. 1250,50)",
        f"{path}:5: price: 1.000,50 är inte ett tal (skriv t.ex. 1250,50)",
        f"{path}:6: monthly_rent: hundra är inte ett tal (skriv t.ex. 1250,50)",
        f"{path}:6: vat_rate: Momsen ska vara 25, 12, 6 eller 0 procent.",
        f"{path}:7: monthly_rent: Säkerställ att det inte är mer än 8 siffror före "
        "decimalavskiljaren.",
    ]
    assert history("200009") == [
        (date(2026, 1, 1), Decimal("100.00"), None, Decimal(25))
    ]
    assert not Article.objects.filter(article_no="200001").exists()


@pytest.mark.parametrize("name", ["Monthly_Rent", "PRICE", "Vat_Rate"])
def test_price_headers_are_read_as_written_like_every_column(csv_file, name):
    path = csv_file([f"{ARTICLE_HEADER};{name}", f"{article_line('200001')};100"])

    assert import_fails("articles", path) == [f"{path}:1: {name}: okänd kolumn"]

"""The demo catalogue (demo/data/iso.csv, suppliers.csv, articles.csv):
Nordic suppliers, the ISO 9999 classes they deliver in, a few hundred
articles in product families with accessories, spare parts, outgoing
articles and their replacements (the manual's three examples among them),
and some articles outside the assortment, with prices since 2024."""

from datetime import date
from decimal import Decimal

from catalog.choices import ArticleType
from catalog.models import Article
from catalog.services import record_prices

from .loading import load, rows

# The demo's prices apply from here, so that any month since can be invoiced.
PRICES_FROM = date(2024, 1, 1)


def seed_catalog():
    """Load the demo catalogue; returns {article_no: Article} in the file's
    order."""
    for kind in ("iso", "suppliers", "articles"):
        load(kind)
    numbers = [row["article_no"] for row in rows("articles")]
    articles = Article.objects.select_related("iso_class").in_bulk(
        numbers, field_name="article_no"
    )
    seed_prices(articles.values())
    return {number: articles[number] for number in numbers}


def demo_price(article):
    """Main aids are rented out, the rest sold: plausible amounts in kronor
    that vary with the article number."""
    step = int(article.article_no) % 20
    if article.article_type == ArticleType.MAIN:
        base = 150 if article.individually_marked else 40
        return {"monthly_rent": Decimal(base + 10 * step), "price": None}
    if article.article_type == ArticleType.CONSUMABLE:
        return {"monthly_rent": None, "price": Decimal(25 + 5 * step)}
    if article.article_type == ArticleType.PATIENT_FEE:
        return {"monthly_rent": None, "price": Decimal(100)}
    return {"monthly_rent": None, "price": Decimal(150 + 25 * step)}


def seed_prices(articles):
    """Each article's demo price from PRICES_FROM; seeding again finds them
    there (record_prices adds a row only for a changed price)."""
    record_prices(
        None,
        {article.pk: demo_price(article) for article in articles},
        PRICES_FROM,
    )

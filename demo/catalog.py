"""The demo catalogue (demo/data/iso.csv, suppliers.csv, articles.csv):
Nordic suppliers, the ISO 9999 classes they deliver in, a few hundred
articles in product families with accessories, spare parts, outgoing
articles and their replacements (the manual's three examples among them),
and some articles outside the assortment."""

from catalog.models import Article

from .loading import load, rows


def seed_catalog():
    """Load the demo catalogue; returns {article_no: Article} in the file's
    order."""
    for kind in ("iso", "suppliers", "articles"):
        load(kind)
    numbers = [row["article_no"] for row in rows("articles")]
    articles = Article.objects.select_related("iso_class").in_bulk(
        numbers, field_name="article_no"
    )
    return {number: articles[number] for number in numbers}

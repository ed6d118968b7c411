"""The rows of an article list (catalog/_article_table.html's article-row
partial), built once per row: long lists run to 200 rows."""

from django.utils.translation import gettext

from core.rows import escaped, url_maker

from .choices import Unit
from .hooks import hooks


def article_rows(articles, id_prefix="choose"):
    """A dict per article: what its row shows, escaped. `articles` are
    annotated with the stock (hooks.with_stock); `alternatives`, when
    prefetched, are the replacements listed in the Ersätts av column.
    `id_prefix` keeps checkbox ids unique on a page with two lists."""
    # Article numbers are digits only (catalog.models.article_number).
    article_url = url_maker("article_detail")
    units = {value: escaped(label) for value, label in Unit.choices}
    outside = escaped(gettext("Utanför sortiment – kan inte beställas här"))
    choose_label = gettext("Välj %(number)s")
    # Few distinct statuses: each is rendered once.
    statuses = {}
    rows = []
    for article in articles:
        number = escaped(article.article_no)
        if article.in_assortment:
            status = hooks.stock_status(article)
            if status not in statuses:
                statuses[status] = status.__html__()
            stock = statuses[status]
        else:
            stock = outside
        rows.append(
            {
                "number": number,
                "url": article_url(number),
                "name": escaped(article.name),
                "unit": units[article.unit],
                "supplier": escaped(article.supplier.name),
                "supplier_no": escaped(article.supplier_article_no),
                "stock": stock,
                "orderable": article.in_assortment,
                "choose_id": escaped(f"{id_prefix}-{article.article_no}"),
                "choose_label": escaped(choose_label % {"number": article.article_no}),
                "alternatives": [
                    {
                        "url": article_url(link.new.article_no),
                        "number": escaped(link.new.article_no),
                        "name": escaped(link.new.name),
                    }
                    for link in getattr(article, "alternatives", ())
                ],
            }
        )
    return rows

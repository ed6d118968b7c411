from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from catalog.choices import Unit
from warehouse.status import article_status

register = template.Library()


@register.simple_tag
def article_rows(articles, choose=False, alternatives=False, id_prefix="choose"):
    """The <tr> rows of an article list (see catalog/_article_table.html).

    Built in Python because lists run to 200 rows: per-row template tags,
    URL reversals and translations made rendering most of the search page's
    time, so what is the same for every row is computed once here."""
    article_url = _article_url_maker()
    units = {value: str(label) for value, label in Unit.choices}
    outside = gettext("Utanför sortiment – kan inte beställas här")
    choose_label = gettext("Välj %(number)s")
    statuses = {}
    rows = []
    for article in articles:
        cells = []
        if choose:
            cells.append(_checkbox_cell(article, id_prefix, choose_label))
        if article.in_assortment:
            status = article_status(article)
            # Few distinct statuses: render each once.
            stock = statuses.get(status) or statuses.setdefault(
                status, status.__html__()
            )
        else:
            stock = outside
        cells.append(
            format_html(
                '<td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td>",
                article_url(article.article_no),
                article.article_no,
                article.name,
                units[article.unit],
                article.supplier.name,
                article.supplier_article_no,
                stock,
            )
        )
        if alternatives:
            cells.append(_alternatives_cell(article, article_url))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # Every part above is escaped by format_html.
    return mark_safe("\n".join(rows))  # noqa: S308


def _article_url_maker():
    """article_no -> the article page's URL, reversed once: article numbers
    are digits only (catalog.models.article_number), so they need no quoting."""
    prefix, suffix = reverse("article_detail", args=["0"]).rsplit("0", 1)
    return lambda article_no: f"{prefix}{article_no}{suffix}"


def _checkbox_cell(article, id_prefix, label):
    if not article.in_assortment:
        return "<td></td>"
    checkbox_id = f"{id_prefix}-{article.article_no}"
    return format_html(
        '<td><input class="form-check-input" type="checkbox" name="articles"'
        ' value="{}" id="{}"><label class="visually-hidden" for="{}">{}</label></td>',
        article.article_no,
        checkbox_id,
        checkbox_id,
        label % {"number": article.article_no},
    )


def _alternatives_cell(article, article_url):
    links = format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{} {}</a>',
        (
            (article_url(link.new.article_no), link.new.article_no, link.new.name)
            for link in article.alternatives
        ),
    )
    return format_html("<td>{}</td>", links or gettext("Inget alternativ"))

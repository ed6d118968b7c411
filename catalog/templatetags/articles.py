from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from catalog.choices import Unit
from catalog.hooks import hooks
from core.rows import url_maker

register = template.Library()


@register.simple_tag
def article_rows(articles, choose=False, alternatives=False, id_prefix="choose"):
    """The <tr> rows of an article list (see catalog/_article_table.html).

    Built in Python with the standard library's escape() because lists run to
    200 rows: per-row template tags, URL reversals, translations and Django's
    lazy-aware escaping made rendering most of the search page's time. What is
    the same for every row is computed once."""
    # Article numbers are digits only (catalog.models.article_number).
    article_url = url_maker("article_detail")
    id_prefix = escape(id_prefix)
    units = {value: escape(str(label)) for value, label in Unit.choices}
    outside = escape(gettext("Utanför sortiment – kan inte beställas här"))
    request_label = escape(gettext("Begär artikeln"))
    no_alternative = escape(gettext("Inget alternativ"))
    choose_label = gettext("Välj %(number)s")
    statuses = {}
    rows = []
    for article in articles:
        number = escape(article.article_no)
        row = ["<tr>"]
        if choose:
            if article.in_assortment:
                label = escape(choose_label % {"number": article.article_no})
                row.append(
                    f'<td><input class="form-check-input" type="checkbox" name="articles"'
                    f' value="{number}" id="{id_prefix}-{number}">'
                    f'<label class="visually-hidden" for="{id_prefix}-{number}">{label}</label></td>'
                )
            else:
                row.append("<td></td>")
        if article.in_assortment:
            status = hooks.stock_status(article)
            # Few distinct statuses: render each once.
            if status not in statuses:
                statuses[status] = status.__html__()
            stock = statuses[status]
        else:
            stock = outside
            if hooks.outside_request_url:
                url = escape(hooks.outside_request_url(article.article_no))
                stock += (
                    f'<br><a href="{url}">{request_label}'
                    f'<span class="visually-hidden"> {number}</span></a>'
                )
        row.append(
            f'<td><a href="{article_url(number)}">{number}</a></td>'
            f"<td>{escape(article.name)}</td><td>{units[article.unit]}</td>"
            f"<td>{escape(article.supplier.name)}</td>"
            f"<td>{escape(article.supplier_article_no)}</td><td>{stock}</td>"
        )
        if alternatives:
            links = "<br>".join(
                f'<a href="{article_url(escape(link.new.article_no))}">'
                f"{escape(link.new.article_no)} {escape(link.new.name)}</a>"
                for link in article.alternatives
            )
            row.append(f"<td>{links or no_alternative}</td>")
        row.append("</tr>")
        rows.append("".join(row))
    # Every value above is escaped; the rest is our own markup.
    return mark_safe("\n".join(rows))  # noqa: S308

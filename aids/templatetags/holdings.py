from html import escape
from urllib.parse import quote

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def holding_rows(holdings, recipient_key, returned=False):
    """The <tr> rows of a recipient's aids (see aids/aids.html and
    aids/returned.html). Built in Python, like catalog's article_rows: a
    patient may have hundreds of aids, and per-row template lookups and URL
    reversals made most of the page's time."""
    holding_url = _url_maker("recipient_holding", recipient_key)
    card_url = _url_maker("individual_card")
    undelivered = escape(gettext("Ej levererad"))
    rows = []
    for holding in holdings:
        article = holding.article
        individual = ""
        if holding.individual:
            number = holding.individual.individual_no
            individual = escape(number)
            if card_url:
                individual = (
                    f'<a href="{card_url(quote(number, safe=""))}">{individual}</a>'
                )
        delivered = _date(holding.delivered_on) or ("" if returned else undelivered)
        row = [
            f'<tr><td><a href="{holding_url(holding.pk)}">{escape(article.article_no)}</a></td>'
            f"<td>{escape(article.name)}</td><td>{individual}</td>"
        ]
        if returned:
            row.append(
                f"<td>{holding.quantity}</td><td>{delivered}</td>"
                f"<td>{_date(holding.returned_on)}</td>"
            )
        else:
            # The last cell is Hämtorder: a later issue marks open pickups.
            row.append(
                f"<td>{_date(holding.ordered_on)}</td><td>{holding.quantity}</td>"
                f"<td>{delivered}</td><td>{holding.delivered_quantity}</td><td></td>"
            )
        row.append("</tr>")
        rows.append("".join(row))
    # Every value above is escaped, a number or a date; the rest is our markup.
    return mark_safe("\n".join(rows))  # noqa: S308


def _date(day):
    return day.isoformat() if day else ""


def _url_maker(name, *args):
    """value -> the URL of `name` with `value` as its last argument, reversed
    once; None while no such page exists (the Individkort came later)."""
    try:
        url = reverse(name, args=[*args, "0"])
    except NoReverseMatch:
        return None
    prefix, suffix = url.rsplit("0", 1)
    return lambda value: f"{prefix}{value}{suffix}"

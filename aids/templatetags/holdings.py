from html import escape
from urllib.parse import quote
from uuid import UUID

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.rows import url_maker

register = template.Library()


@register.simple_tag
def holding_rows(holdings, recipient_key, returned=False):
    """The <tr> rows of a recipient's aids (see aids/aids.html and
    aids/returned.html). Built in Python, like catalog's article_rows: a
    patient may have hundreds of aids, and per-row template lookups and URL
    reversals made most of the page's time."""
    holding_url = url_maker("recipient_holding", recipient_key)
    card_url = url_maker("individual_card")
    order_url = url_maker("order_detail", placeholder=str(UUID(int=0)))
    pickup_url = url_maker("pickup_detail", placeholder=str(UUID(int=0)))
    undelivered = escape(gettext("Ej levererad"))
    ordered = escape(gettext("Beställd"))
    order_word = escape(gettext("order"))
    rows = []
    for holding in holdings:
        article = holding.article
        individual = ""
        if holding.individual:
            number = holding.individual.individual_no
            individual = (
                f'<a href="{card_url(quote(number, safe=""))}">{escape(number)}</a>'
            )
        delivered = _date(holding.delivered_on) or ("" if returned else undelivered)
        line = None if returned else _order_line(holding)
        if line and not holding.delivered_on:
            # A UUID needs no quoting in a URL.
            delivered = (
                f"{ordered} {_date(line.delivery_date)}, "
                f'{order_word} <a href="{order_url(line.order_id)}">'
                f"{escape(holding.order_number)}</a>"
            )
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
            # The last cell is Hämtorder: the open pickup's number, if any.
            pickup = ""
            if number := getattr(holding, "open_pickup", None):
                pickup = f'<a href="{pickup_url(holding.open_pickup_id)}">{escape(number)}</a>'
            row.append(
                f"<td>{_date(holding.ordered_on)}</td><td>{holding.quantity}</td>"
                f"<td>{delivered}</td><td>{holding.delivered_quantity}</td>"
                f"<td>{pickup}</td>"
            )
        row.append("</tr>")
        rows.append("".join(row))
    # Every value above is escaped, a number or a date; the rest is our markup.
    return mark_safe("\n".join(rows))  # noqa: S308


def _order_line(holding):
    """The line that ordered the aid; none for aids from before webSesam."""
    try:
        return holding.order_line
    except ObjectDoesNotExist:
        return None


def _date(day):
    return day.isoformat() if day else ""

from html import escape
from uuid import UUID

from django import template
from django.db.models import Exists, OuterRef
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.rows import url_maker

from ..models import PickupOrder

register = template.Library()


@register.simple_tag
def pickup_rows(holdings, field_name, ticked, has_error):
    """The <tr> rows of the aids to tick on the pickup form (see
    pickups/new.html). Built in Python, like aids' holding_rows: a patient
    may have hundreds of aids, and per-row template work made the page slow.
    `ticked`: the holding ids (strings) to show ticked."""
    pickup_url = url_maker("pickup_detail", placeholder=str(UUID(int=0)))
    described = ' aria-describedby="holdings-error"' if has_error else ""
    fetch = gettext("Hämta %(number)s %(name)s")
    name = escape(field_name)
    rows = []
    for held in holdings:
        article = held.article
        number, title = escape(article.article_no), escape(article.name)
        if held.open_pickup:
            tick = "–"
            pickup = (
                f'<a href="{pickup_url(held.open_pickup_id)}">'
                f"{escape(held.open_pickup)}</a>"
            )
        else:
            checked = " checked" if str(held.pk) in ticked else ""
            label = escape(fetch % {"number": article.article_no, "name": article.name})
            tick = (
                f'<input type="checkbox" class="form-check-input js-select" '
                f'name="{name}" value="{held.pk}" id="holding-{held.pk}"'
                f"{described}{checked}> "
                f'<label class="visually-hidden" for="holding-{held.pk}">{label}</label>'
            )
            pickup = ""
        individual = escape(held.individual.individual_no) if held.individual else ""
        delivered = held.delivered_on.isoformat() if held.delivered_on else ""
        rows.append(
            f'<tr><td>{tick}</td><th scope="row">{number}</th><td>{title}</td>'
            f"<td>{individual}</td><td>{held.delivered_quantity or held.quantity}</td>"
            f"<td>{delivered}</td><td>{pickup}</td></tr>"
        )
    # Every value above is escaped, a number, a UUID or a date.
    return mark_safe("\n".join(rows))  # noqa: S308


@register.simple_tag
def open_pickups(individual, user):
    """The open pickups of the individual for its card (aids'
    individual_card.html; the aids app may not import this one), oldest
    first, each with `visible`: whether `user` may open its page."""
    return list(
        PickupOrder.objects.filter(
            items__open=True, items__holding__individual=individual
        )
        .annotate(
            visible=Exists(
                PickupOrder.objects.visible_to(user).filter(pk=OuterRef("pk"))
            )
        )
        .order_by("created_at")
    )

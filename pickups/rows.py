"""The rows of the aids to tick on the pickup form (pickups/new.html's
pickup-row partial), built once per row: a patient may have hundreds of
aids."""

from uuid import UUID

from django.utils.translation import gettext

from core.rows import escaped, iso_date, url_maker


def pickup_rows(holdings, field_name, ticked):
    """A dict per aid (annotated by aids.recipients.with_open_pickup): what
    its row shows, escaped. `field_name`: the checkboxes' name; `ticked`:
    the holding ids (strings) shown ticked."""
    pickup_url = url_maker("pickup_detail", placeholder=str(UUID(int=0)))
    fetch = gettext("Hämta %(number)s %(name)s")
    field_name = escaped(field_name)
    rows = []
    for held in holdings:
        article = held.article
        rows.append(
            {
                # A UUID needs no quoting in a URL.
                "pk": escaped(held.pk),
                "field_name": field_name,
                "number": escaped(article.article_no),
                "name": escaped(article.name),
                "label": escaped(
                    fetch % {"number": article.article_no, "name": article.name}
                ),
                "ticked": str(held.pk) in ticked,
                "individual": escaped(
                    held.individual.individual_no if held.individual else ""
                ),
                "quantity": escaped(held.delivered_quantity or held.quantity),
                "delivered_on": iso_date(held.delivered_on),
                "pickup": held.open_pickup and escaped(held.open_pickup),
                "pickup_url": held.open_pickup and pickup_url(held.open_pickup_id),
            }
        )
    return rows

"""The rows of the aids to tick on the pickup form (pickups/new.html's
pickup-row partial), built once per row: a patient may have hundreds of
aids."""

from uuid import UUID

from django.utils.translation import gettext

from core.rows import escaped, iso_date, url_maker

# What the form reads of an aid: values, not model instances (three per row).
HOLDINGS_LISTED = [
    "pk",
    "article__article_no",
    "article__name",
    "individual__individual_no",
    "quantity",
    "delivered_quantity",
    "delivered_on",
    "open_pickup",
    "open_pickup_id",
]


def pickup_rows(holdings, field_name, ticked):
    """A dict per aid (the HOLDINGS_LISTED values, annotated by
    aids.recipients.with_open_pickup): what its row shows, escaped.
    `field_name`: the checkboxes' name; `ticked`: the holding ids (strings)
    shown ticked."""
    pickup_url = url_maker("pickup_detail", placeholder=str(UUID(int=0)))
    fetch = gettext("Hämta %(number)s %(name)s")
    field_name = escaped(field_name)
    rows = []
    for held in holdings:
        number, name = held["article__article_no"], held["article__name"]
        pickup = held["open_pickup"]
        rows.append(
            {
                # A UUID needs no quoting in a URL.
                "pk": escaped(held["pk"]),
                "field_name": field_name,
                "number": escaped(number),
                "name": escaped(name),
                "label": escaped(fetch % {"number": number, "name": name}),
                "ticked": str(held["pk"]) in ticked,
                "individual": escaped(held["individual__individual_no"] or ""),
                "quantity": escaped(held["delivered_quantity"] or held["quantity"]),
                "delivered_on": iso_date(held["delivered_on"]),
                "pickup": pickup and escaped(pickup),
                "pickup_url": pickup and pickup_url(held["open_pickup_id"]),
            }
        )
    return rows

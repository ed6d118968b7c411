"""The rows of a recipient's aids (aids/aids.html, aids/returned.html) and of
the CFR hits (aids/cfr.html), built once per row for the templates' row
partials: a patient may have hundreds of aids."""

from urllib.parse import quote
from uuid import UUID

from django.utils.translation import gettext

from core.rows import escaped, iso_date, url_maker

# What the lists read of an aid: values, not model instances (a row would
# otherwise build four of them).
LISTED = [
    "pk",
    "article__article_no",
    "article__name",
    "individual__individual_no",
    "quantity",
    "ordered_on",
    "delivered_on",
    "delivered_quantity",
    "returned_on",
]
# An aid still on order shows its order's delivery date and links to it;
# open_pickup and open_pickup_id are annotated by hooks.with_open_pickup
# (aids.hooks: the pickups app fills it); open_lost_report by
# models.with_open_lost_report.
CURRENT = [
    "order_number",
    "order_line__delivery_date",
    "order_line__order",
    "open_pickup",
    "open_pickup_id",
    "open_lost_report",
]


def holding_rows(holdings, recipient_key, returned=False):
    """A dict per aid of the `holdings` queryset: what its row shows,
    escaped. The current aids (not `returned`) must be annotated by
    hooks.with_open_pickup (aids.hooks) and with_open_lost_report."""
    holding_url = url_maker("recipient_holding", recipient_key)
    card_url = url_maker("individual_card")
    order_url = url_maker("order_detail", placeholder=str(UUID(int=0)))
    pickup_url = url_maker("pickup_detail", placeholder=str(UUID(int=0)))
    lost_url = url_maker("lost_report_detail", placeholder=str(UUID(int=0)))
    undelivered = "" if returned else escaped(gettext("Ej levererad"))
    rows = []
    for held in holdings.values(*LISTED, *([] if returned else CURRENT)):
        individual = held["individual__individual_no"]
        # An aid from before webSesam has no order line.
        order = None if returned else held["order_line__order"]
        pickup = None if returned else held["open_pickup"]
        lost = None if returned else held["open_lost_report"]
        article_no = escaped(held["article__article_no"])
        # Borttappat shows only an open report: reporting one is rare and
        # is done from the aid's page, where the aid is named in full.
        rows.append(
            {
                "pk": held["pk"],
                "url": holding_url(held["pk"]),
                "article_no": article_no,
                "name": escaped(held["article__name"]),
                "individual": individual and escaped(individual),
                "card_url": individual and card_url(quote(individual, safe="")),
                "ordered_on": iso_date(held["ordered_on"]),
                "quantity": escaped(held["quantity"]),
                "delivered": iso_date(held["delivered_on"]) or undelivered,
                "delivered_quantity": escaped(held["delivered_quantity"]),
                "returned_on": iso_date(held["returned_on"]),
                # A UUID needs no quoting in a URL.
                "order_url": order and not held["delivered_on"] and order_url(order),
                "order_number": order and escaped(held["order_number"]),
                "delivery_date": order and iso_date(held["order_line__delivery_date"]),
                "pickup": pickup and escaped(pickup),
                "pickup_url": pickup and pickup_url(held["open_pickup_id"]),
                "lost_url": lost and lost_url(lost),
            }
        )
    return rows


def person_rows(persons):
    """A dict per CFR hit: what its row shows, escaped."""
    aids_url = url_maker("recipient_aids", placeholder=str(UUID(int=0)))
    order_url = url_maker("order_new_for", placeholder=str(UUID(int=0)))
    deceased = " " + gettext("(avliden)")
    protected = escaped(gettext("Skyddad identitet"))
    rows = []
    for person in persons:
        first, last = person.first_name, person.last_name
        number = person.personnummer
        if person.protected_identity:
            address = protected
        else:
            place = f"{person.postal_code} {person.city}".strip()
            address = escaped(
                ", ".join(part for part in [person.street, place] if part)
            )
        rows.append(
            {
                "name": escaped(
                    f"{last}, {first}{deceased if person.deceased_on else ''}"
                ),
                "full_name": escaped(f"{first} {last}"),
                "personnummer": escaped(f"{number[:8]}-{number[8:]}"),
                "address": address,
                # A UUID needs no quoting in a URL.
                "aids_url": aids_url(person.pk),
                "order_url": order_url(person.pk),
            }
        )
    return rows

"""The rows of the aids to tick on the BMB page (transfers/new.html's
transfer-row partial), built once per row: a patient may have hundreds of
aids."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext

from core.rows import escaped, iso_date
from pickups.models import with_open_pickup
from workorders.choices import OPEN_STATUSES
from workorders.models import WorkOrder

# What the page reads of an aid: values, not model instances.
LISTED = [
    "pk",
    "article__article_no",
    "article__name",
    "individual__individual_no",
    "quantity",
    "delivered_quantity",
    "delivered_on",
    "payer__betalarid",
    "payer__name",
    "patient_pays",
    "prescriber__first_name",
    "prescriber__last_name",
    "open_pickup",
    "open_work_order",
    "lost_on",
]


def with_open_cases(holdings):
    """Each aid with the number of its open pickup and of its open work
    order (None without): either keeps it where it is. One query: a pickup
    is a join (one open per aid), a work order a subquery."""
    work_order = WorkOrder.objects.filter(
        holding=OuterRef("pk"), status__in=OPEN_STATUSES
    ).values("number")[:1]
    return with_open_pickup(holdings).annotate(open_work_order=Subquery(work_order))


def listed(holdings):
    """The LISTED values of each aid, with `busy` when a case keeps it."""
    rows = list(with_open_cases(holdings).values(*LISTED))
    for held in rows:
        held["busy"] = bool(
            held["open_pickup"] or held["open_work_order"] or held["lost_on"]
        )
    return rows


def transfer_rows(holdings, field_name, ticked):
    """A dict per aid of `listed`: what its row shows, escaped. `ticked`:
    the holding ids (strings) shown ticked."""
    label = gettext("Välj %(number)s %(name)s")
    patient = escaped(gettext("Brukaren (egenavgift)"))
    pickup = gettext("Hämtorder %(number)s")
    work_order = gettext("Arbetsorder %(number)s")
    lost = gettext("Anmält borttappat")
    field_name = escaped(field_name)
    rows = []
    for held in holdings:
        number, name = held["article__article_no"], held["article__name"]
        if held["open_pickup"]:
            busy = pickup % {"number": held["open_pickup"]}
        elif held["open_work_order"]:
            busy = work_order % {"number": held["open_work_order"]}
        elif held["lost_on"]:
            busy = lost
        else:
            busy = ""
        payer = held["payer__betalarid"]
        prescriber = " ".join(
            part
            for part in (held["prescriber__first_name"], held["prescriber__last_name"])
            if part
        )
        rows.append(
            {
                "pk": escaped(held["pk"]),
                "field_name": field_name,
                "number": escaped(number),
                "name": escaped(name),
                "label": escaped(label % {"number": number, "name": name}),
                "ticked": str(held["pk"]) in ticked,
                "individual": escaped(held["individual__individual_no"] or ""),
                "quantity": escaped(held["delivered_quantity"] or held["quantity"]),
                "delivered_on": iso_date(held["delivered_on"]),
                "payer": (
                    escaped(f"{payer} {held['payer__name']}")
                    if payer
                    else (patient if held["patient_pays"] else "")
                ),
                "prescriber": escaped(prescriber),
                "busy": busy and escaped(busy),
            }
        )
    return rows

"""Changes dated back into months already invoiced, found by the monthly
run itself (issue 16): payer periods changed from an earlier day (a BMB is
dated within its own month, so a data correction), a lost-aid report or
its rejection, a return registered late, a delivery registered late, a work
order's charge corrected after it was invoiced. Prices are not read: a new
one never applies before the month it is added in (earliest_price_change).

They are read from the audit trail (core.audit): its database triggers
record every insert, update and delete of holdings, payer periods and work
orders, whoever makes them (services, admin, imports, queryset updates),
with the database's time and the row as it became. Each event since a
month was last checked (CheckedMonth) is compared with the event before it
to find the first day whose charges it may alter; a month gets a run over
just the holdings and work orders changed into it, which costs as little as
the changes are few, and corrections() does the rest. Months more than
INVOICE_CORRECTION_MONTHS back are never reopened."""

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from aids.models import Holding, HoldingPayer
from workorders.models import WorkOrder

from .models import CheckedMonth, Invoice
from .services import database_now, invoice_month, month_bounds

# A change is stamped with the start of its transaction: one still open
# while a month was read commits with an earlier time, so events up to this
# long before the check are read again (comparing them again adds nothing).
LATE_COMMIT = timedelta(hours=1)

# The holding's fields whose change alters its charges from its delivery
# on, and those that alter them from their own (old or new) date.
FROM_DELIVERY = (
    "delivered_on",
    "delivered_quantity",
    "article_id",
    "payer_id",
    "patient_pays",
)
FROM_OWN_DATE = ("returned_on", "lost_on")
CHARGE_FIELDS = (
    "status",
    "completed_at",
    "charge_amount",
    "charge_vat_rate",
    "holding_id",
)


@dataclass
class Changed:
    """The holdings and work orders whose charges in a month have changed
    according to the audit trail as it was at `read_at`."""

    read_at: object
    holdings: set = field(default_factory=set)
    work_orders: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.holdings or self.work_orders)


@dataclass(frozen=True)
class Change:
    at: object  # when (the audit event's time)
    holding_id: int | None
    work_order_id: int | None
    first_day: object  # the first day whose charges it may alter
    last_day: object  # and the last, None: every day after too

    def touches(self, first, last):
        return self.first_day <= last and (
            self.last_day is None or self.last_day >= first
        )


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def transitions(model, fields, since):
    """(time, object id, state before, state after) of the model's audit
    events since `since`; a state is a dict of `fields`, None before an
    insert and after a delete."""
    events = model.pgh_event_model.objects
    recent = events.filter(pgh_created_at__gt=since).values("pgh_obj_id")
    rows = (
        events.filter(pgh_obj_id__in=recent)
        .order_by("pgh_obj_id", "pgh_id")
        .values("pgh_created_at", "pgh_label", "pgh_obj_id", *fields)
    )
    for obj_id, history in groupby(rows, key=lambda row: row["pgh_obj_id"]):
        before = None
        for row in history:
            state = {name: row[name] for name in fields}
            after = None if row["pgh_label"] == "delete" else state
            if row["pgh_created_at"] > since:
                yield row["pgh_created_at"], obj_id, before, after
            before = after


def values(states, name):
    return [state[name] for state in states if state and state[name] is not None]


def differs(before, after, name):
    return before is None or after is None or before[name] != after[name]


def holding_changes(since):
    for at, holding_id, before, after in transitions(
        Holding, FROM_DELIVERY + FROM_OWN_DATE, since
    ):
        states = (before, after)
        days = []
        if any(differs(before, after, name) for name in FROM_DELIVERY):
            days += values(states, "delivered_on")
        for name in FROM_OWN_DATE:
            if differs(before, after, name):
                days += values(states, name)
        if days:
            yield Change(at, holding_id, None, min(days), None)


def payer_changes(since):
    for at, _period_id, before, after in transitions(
        HoldingPayer, ("holding_id", "payer_id", "valid_from", "valid_to"), since
    ):
        states = [state for state in (before, after) if state]
        days = values(states, "valid_from") + values(states, "valid_to")
        yield Change(at, states[0]["holding_id"], None, min(days), None)


def charge_changes(since):
    for at, order_id, before, after in transitions(WorkOrder, CHARGE_FIELDS, since):
        if not any(differs(before, after, name) for name in CHARGE_FIELDS):
            continue
        states = (before, after)
        days = [timezone.localdate(moment) for moment in values(states, "completed_at")]
        if days:
            yield Change(at, None, order_id, min(days), max(days))


def checked_months(month):
    """{first day: last checked} of the invoiced months in the look-back
    before `month`, oldest first."""
    since = add_months(month, -settings.INVOICE_CORRECTION_MONTHS)
    window = {"month__gte": since, "month__lt": month}
    # Months invoiced before CheckedMonth existed: when they were invoiced.
    checked = dict(
        Invoice.objects.filter(**window)
        .values("month")
        .annotate(last=Max("created_at"))
        .values_list("month", "last")
    )
    checked.update(
        CheckedMonth.objects.filter(**window).values_list("month", "checked_at")
    )
    return dict(sorted(checked.items()))


def earlier_changes(month):
    """[(first day, Changed)] of the invoiced months before `month` (within
    INVOICE_CORRECTION_MONTHS) with changes dated into them since they were
    last checked."""
    first, _last, _days = month_bounds(month)
    checked = checked_months(first)
    if not checked:
        return []
    since = min(checked.values()) - LATE_COMMIT
    read_at = database_now()
    changes = [
        *holding_changes(since),
        *payer_changes(since),
        *charge_changes(since),
    ]
    result = []
    for month_first, last_checked in checked.items():
        _first, month_last, _days = month_bounds(month_first)
        changed = Changed(read_at)
        for change in changes:
            if change.at > last_checked - LATE_COMMIT and change.touches(
                month_first, month_last
            ):
                if change.holding_id is not None:
                    changed.holdings.add(change.holding_id)
                else:
                    changed.work_orders.add(change.work_order_id)
        if changed:
            result.append((month_first, changed))
    return result


def correct_earlier_months(month, dry_run=False, today=None, skip=()):
    """Correction invoices for the changes dated back into the months
    before `month` that were invoiced (earlier_changes), `skip`ped months
    aside: one Result per month looked at again."""
    return [
        invoice_month(first, dry_run=dry_run, today=today, changed=changed)
        for first, changed in earlier_changes(month)
        if first not in skip
    ]

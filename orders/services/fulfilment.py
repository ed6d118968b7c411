"""Customer service's work on a registered order: picking, shipping
lines, moving delivery dates, and the journal text of the lines."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aids.choices import HistoryKind, IndividualLocation
from aids.models import Individual, IndividualHistory
from core.language import in_language_of
from notices.models import MessageKind
from notices.services import notify
from warehouse.services import InsufficientStock, issue, receive, reserve

from ..choices import OPEN_LINE_STATUSES, LineStatus, OrderKind, OrderStatus
from ..delivery import is_working_day
from ..models import OrderLine
from .rules import stock_reason
from .status import _refresh_status
from .stores import keeps_stock


def mark_order_picked(orders, user):
    """Mark every registered line of `orders` picked, all in one
    transaction, the lines locked in one statement in a fixed order.
    `orders` is a queryset. Returns how many lines were marked. A basket's
    lines are skipped: the prescriber took them from the shelf, and a
    picked basket could no longer be returned whole (picked → cancelled)."""
    with transaction.atomic():
        lines = list(
            OrderLine.objects.select_for_update(of=("self",))
            .filter(order__in=orders.values("pk"), status=LineStatus.REGISTERED)
            .exclude(order__kind=OrderKind.BASKET)
            .select_related("order")
            .order_by("pk")
        )
        _pick(lines)
    return len(lines)


def _pick(lines):
    """Mark the locked, registered `lines` picked, then move each of their
    orders' status once, after all of its lines."""
    now = timezone.now()
    for line in lines:
        line.status = LineStatus.PICKED
        line.picked_at = now
    OrderLine.objects.bulk_update(lines, ["status", "picked_at"])
    for order in {line.order_id: line.order for line in lines}.values():
        _refresh_status(order)


def ship_lines(quantities, user):
    """Deliver several lines of an order in one transaction: `quantities`
    is (line, quantity, individual_no) triples. Returns the refusals by line
    (a ValidationError each); with any refusal nothing is shipped."""
    refused = {}
    with transaction.atomic():
        for line, quantity, individual_no in quantities:
            try:
                ship_line(line, quantity, user, individual_no)
            except ValidationError as error:
                refused[line] = error
        if refused:
            transaction.set_rollback(True)
    return refused


def _locked_line(line):
    line = (
        OrderLine.objects.select_for_update(of=("self",))
        .select_related("order__warehouse", "article", "holding")
        .get(pk=line.pk)
    )
    if line.status in (LineStatus.DELIVERED, LineStatus.CANCELLED):
        raise ValidationError(
            _("Rad %(position)s är %(status)s."),
            code="line_closed",
            params={
                "position": line.position,
                "status": line.get_status_display().lower(),
            },
        )
    return line


@transaction.atomic
def mark_picked(line, user):
    """Customer service has picked the line in the warehouse."""
    line = _locked_line(line)
    if line.status == LineStatus.REGISTERED:
        _pick([line])
    return line


def _individual_for(line, individual_no):
    """The unit to deliver on an I-marked line: one in the warehouse, or a
    new one registered now."""
    if not individual_no:
        raise ValidationError(
            _("Ange individnummer för individmärkt artikel %(number)s."),
            code="individual_required",
            params={"number": line.article.article_no},
        )
    individual, created = Individual.objects.select_for_update().get_or_create(
        individual_no=individual_no,
        defaults={"article": line.article, "warehouse": line.order.warehouse},
    )
    # A unit with no warehouse recorded (older imports) counts as being at
    # the delivering one; one in another warehouse cannot leave from here.
    if not created and (
        individual.article_id != line.article_id
        or individual.location != IndividualLocation.IN_WAREHOUSE
        or individual.warehouse_id not in (None, line.order.warehouse_id)
    ):
        raise ValidationError(
            _(
                "Individ %(individual)s är inte en artikel %(number)s i lager och "
                "kan inte levereras på raden."
            ),
            code="individual_unavailable",
            params={"individual": individual_no, "number": line.article.article_no},
        )
    return individual


@transaction.atomic
def ship_line(line, quantity, user, individual_no=""):
    """Customer service delivers `quantity` of a line: what was not reserved
    is reserved now, then deliver_line."""
    line = _locked_line(line)
    order = line.order
    if not 1 <= quantity <= line.remaining_quantity:
        raise ValidationError(
            _("Levererat antal ska vara 1–%(max)s."),
            code="ship_quantity",
            params={"max": line.remaining_quantity},
        )
    missing = quantity - min(quantity, line.reserved_quantity)
    if missing and keeps_stock(line.article):
        try:
            reserve(
                order.warehouse, [(line.article, missing)], stock_reason(order), user
            )
        except InsufficientStock as shortage:
            raise ValidationError(
                _("Lagret %(warehouse)s saknar saldo för artikel %(number)s."),
                code="no_stock",
                params={
                    "warehouse": order.warehouse.code,
                    "number": line.article.article_no,
                },
            ) from shortage
        line.reserved_quantity += missing
    individual = None
    if line.article.individually_marked:
        individual = _individual_for(line, individual_no)
    deliver_line(line, quantity, user, individual)
    was = order.status
    _refresh_status(order)
    if order.status == OrderStatus.DELIVERED != was and order.prescriber_id:
        _delivered(order)
    return line


def _delivered(order):
    """Tell the prescriber once, when the last line of the order leaves the
    warehouse (DELIVERED is final). A withdrawal or a basket is delivered
    by the prescriber, and a store's replenishment has none: no message."""
    with in_language_of(order.prescriber):
        notify(
            order.prescriber,
            _("Order %(number)s är levererad") % {"number": order.number},
            _("Alla rader på order %(number)s är levererade.")
            % {"number": order.number},
            about=order,
            kind=MessageKind.ORDER_DELIVERED,
        )


def deliver_line(line, quantity, user, individual=None):
    """`quantity` of a locked line, reserved at its warehouse, leaves it:
    to the recipient of its holding (an I-marked `individual` with a
    history row naming the warehouse), or for a replenishment onto the
    shelf of the store it restocks. The caller moves the order's status."""
    order = line.order
    reason = stock_reason(order)
    if keeps_stock(line.article):
        issue(order.warehouse, line.article, quantity, reason, user)
        line.reserved_quantity -= quantity
    today = timezone.localdate()
    line.delivered_quantity += quantity
    line.status = (
        LineStatus.DELIVERED
        if line.delivered_quantity == line.quantity
        else LineStatus.PARTLY_DELIVERED
    )
    line.save(update_fields=["reserved_quantity", "delivered_quantity", "status"])
    if order.kind == OrderKind.REPLENISHMENT:
        receive(order.restocks, line.article, quantity, reason, user)
        if individual:
            _move(individual, IndividualLocation.IN_WAREHOUSE, order.restocks)
            _history(individual, HistoryKind.MOVED, today, order, order.restocks)
        return line
    holding = line.holding
    if individual:
        _move(individual, IndividualLocation.AT_RECIPIENT, None)
        _history(
            individual,
            HistoryKind.DELIVERED,
            today,
            order,
            order.warehouse,
            person=holding.person,
            care_unit=holding.care_unit,
        )
        holding.individual = individual
    holding.delivered_on = today
    holding.delivered_quantity = line.delivered_quantity
    holding.save(update_fields=["individual", "delivered_on", "delivered_quantity"])
    return line


def _move(individual, location, warehouse):
    individual.location = location
    individual.warehouse = warehouse
    individual.save(update_fields=["location", "warehouse"])


def _history(individual, kind, day, order, warehouse, person=None, care_unit=None):
    IndividualHistory.objects.create(
        individual=individual,
        happened_on=day,
        kind=kind,
        person=person,
        care_unit=care_unit,
        warehouse=warehouse,
        note=stock_reason(order),
    )


@transaction.atomic
def change_delivery_date(line, new_date, reason, user):
    """Move a line's delivery date and tell the prescriber why. The date is
    a working day, as the prescriber side computes them. With samleverans
    the order's open lines are delivered together, so all of them move to
    the new date. Returns the lines moved."""
    line = _locked_line(line)
    if new_date < timezone.localdate():
        raise ValidationError(
            _("Det nya leveransdatumet kan inte vara passerat."), code="past_date"
        )
    if not is_working_day(new_date):
        raise ValidationError(
            _(
                "%(date)s är inte en arbetsdag. Välj en vardag som inte är "
                "helgdag eller helgafton."
            ),
            code="not_working_day",
            params={"date": new_date.isoformat()},
        )
    order = line.order
    old_date = line.delivery_date
    moved = [line]
    if order.joint_delivery:
        moved = list(
            order.lines.select_for_update(of=("self",))
            .filter(status__in=OPEN_LINE_STATUSES)
            .select_related("article")
            .order_by("position")
        )
    for each in moved:
        each.delivery_date = new_date
    OrderLine.objects.bulk_update(moved, ["delivery_date"])
    if order.prescriber_id is None:
        # A store's replenishment: no prescriber waits for it.
        return moved
    with in_language_of(order.prescriber):
        notify(
            order.prescriber,
            _("Nytt leveransdatum för order %(number)s") % {"number": order.number},
            _(
                "Artikel %(article)s på order %(number)s levereras "
                "%(new)s i stället för %(old)s. Orsak: %(reason)s"
            )
            % {
                "article": ", ".join(
                    f"{each.article.article_no} {each.article.name}" for each in moved
                ),
                "number": order.number,
                "new": new_date.isoformat(),
                "old": old_date.isoformat() if old_date else "–",
                "reason": reason,
            },
            about=order,
            kind=MessageKind.DELIVERY_DATE,
        )
    return moved


def journal_text(order, lines):
    """The lines as plain text to paste into a medical record."""
    header = _("Beställning av hjälpmedel %(number)s, %(date)s") % {
        "number": order.number or _("(ej verkställd)"),
        "date": timezone.localdate(order.executed_at).isoformat()
        if order.executed_at
        else timezone.localdate().isoformat(),
    }
    rows = [header, _("Mottagare: %(name)s") % {"name": order.recipient.name}]
    for line in lines:
        row = f"{line.article.article_no} {line.article.name}, {line.quantity} {line.article.get_unit_display()}"
        if line.delivery_date:
            row += ", " + _("leveransdatum %(date)s") % {
                "date": line.delivery_date.isoformat()
            }
        rows.append(row)
    return "\n".join(rows)

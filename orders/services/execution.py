"""Executing a draft (number, dates, reservations, the recipient's aids)
and cancelling a registered order (Makulera, F-07)."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aids.choices import IndividualLocation
from aids.models import Holding, Individual
from aids.recipients import deceased_refusal
from core.metrics import ORDERS_EXECUTED, count_after_commit
from outside_assortment.services import release_request, use_request
from warehouse.services import (
    InsufficientStock,
    release,
    reserve,
    reserve_where_available,
)

from ..choices import STORE_KINDS, TRANSITIONS, LineStatus, OrderKind, OrderStatus
from ..delivery import add_working_days, ship_date
from ..models import Order, OrderLine
from ..numbering import next_number
from .fulfilment import deliver_line
from .rules import DECEASED, stock_reason
from .status import _refresh_status, set_status
from .stores import holding_payer, keeps_stock, missing_individuals, unit_on_shelf

# A basket loan is settled or returned within this many working days.
BASKET_LOAN_DAYS = 5


def missing_for_execution(order, lines):
    """What stops the draft from being executed, as Swedish sentences."""
    problems = []
    if refusal := deceased_refusal(order.person, DECEASED):
        problems.append(refusal)
    if order.customer_id is None and order.kind != OrderKind.REPLENISHMENT:
        problems.append(_("Välj kund/leveransadress."))
    if not lines:
        problems.append(_("Lägg till minst en orderrad."))
    # What is taken from a local store is handed over there and then.
    if order.kind == OrderKind.ORDER and (not order.street or not order.city):
        problems.append(_("Ange leveransadress med gatuadress och ort."))
    problems += missing_individuals(order, lines)
    return problems


def execute_order(order, user):
    """Register the draft in one transaction: a number, then by its kind
    (ordered from the main warehouse, withdrawn from a local store, borrowed
    into a basket, a store's replenishment) its reservations, dates, the
    recipient's aids and, for a withdrawal, the delivery. Executing an order
    that is no longer a draft returns it unchanged, so a repeated POST never
    makes a second order."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.is_draft:
            return order
        lines = list(
            order.lines.select_related("article", "individual").order_by("position")
        )
        problems = missing_for_execution(order, lines)
        if problems:
            raise ValidationError(problems, code="incomplete")
        today = timezone.localdate()
        order.number = next_number(today)
        _use_outside_requests(order, lines)
        reason = stock_reason(order)
        if order.kind in STORE_KINDS:
            _take_from_store(order, lines, reason, user, today)
        else:
            _order_from_warehouse(order, lines, reason, user, today)
        OrderLine.objects.bulk_update(
            lines,
            [
                "reserved_quantity",
                "alternatives_pending",
                "delivery_date",
                "holding",
                "individual",
            ],
        )
        set_status(
            order,
            OrderStatus.REGISTERED,
            number=order.number,
            executed_at=timezone.now(),
            due_on=order.due_on,
        )
        if order.kind == OrderKind.WITHDRAWAL:
            # Handed over now: the stock leaves the store as the order is
            # registered, and the recipient holds the aids from today.
            for line in lines:
                deliver_line(line, line.quantity, user, line.individual)
            _refresh_status(order)
        count_after_commit(ORDERS_EXECUTED, kind=order.kind)
    return order


def _use_outside_requests(order, lines):
    """The granted requests the lines of articles outside the assortment
    rely on are used now, once: a second order for them is refused."""
    quantities = Counter()
    for line in lines:
        if line.outside_request_id:
            quantities[line.outside_request_id] += line.quantity
    for outside_request_id, quantity in quantities.items():
        use_request(outside_request_id, quantity, order.number)


def _order_from_warehouse(order, lines, reason, user, today):
    """Reserve what the warehouse has and give each line its delivery date;
    what it lacks is bought in."""
    stocked = [line for line in lines if keeps_stock(line.article)]
    reserved = reserve_where_available(
        order.warehouse,
        [(line.article, line.quantity) for line in stocked],
        reason=reason,
        user=user,
    )
    reserved = dict(zip(stocked, reserved, strict=True))
    for line in lines:
        line.reserved_quantity = reserved.get(line, 0)
        line.alternatives_pending = False
        line.delivery_date = ship_date(
            today,
            line.reserved_quantity > 0 or line not in reserved,
            line.article.lead_time_days,
        )
    if order.joint_delivery:
        latest = max(line.delivery_date for line in lines)
        for line in lines:
            line.delivery_date = latest
    _hold(order, lines, today)


def _take_from_store(order, lines, reason, user, today):
    """Reserve every line at the store or refuse the order: what is taken
    from the shelf must be there. A basket's units are the prescriber's
    until it is settled, 5 working days at most."""
    stocked = [line for line in lines if keeps_stock(line.article)]
    try:
        if stocked:
            reserve(
                order.warehouse,
                [(line.article, line.quantity) for line in stocked],
                reason=reason,
                user=user,
            )
    except InsufficientStock as shortage:
        raise ValidationError(
            [
                _(
                    "Förråd %(store)s har bara %(available)s kvar av artikel "
                    "%(number)s (%(requested)s på ordern)."
                )
                % {
                    "store": order.warehouse.code,
                    "available": short.available,
                    "number": short.article.article_no,
                    "requested": short.requested,
                }
                for short in shortage.shortages
            ],
            code="no_stock",
        ) from shortage
    units = _lock_units(order, lines)
    for line in lines:
        line.reserved_quantity = line.quantity if line in stocked else 0
        line.alternatives_pending = False
        line.individual = units.get(line.individual_id)
    if order.kind == OrderKind.BASKET:
        order.due_on = add_working_days(today, BASKET_LOAN_DAYS)
        for unit in units.values():
            unit.location = IndividualLocation.ON_LOAN
        Individual.objects.bulk_update(units.values(), ["location"])
    else:
        for line in lines:
            line.delivery_date = today
        _hold(order, lines, today)


def _lock_units(order, lines):
    """The lines' chosen units, locked and checked to be on the store's
    shelf still: another prescriber may have taken one since it was chosen."""
    units = Individual.objects.select_for_update().in_bulk(
        [line.individual_id for line in lines if line.individual_id]
    )
    for line in lines:
        if line.individual_id:
            line.individual = units[line.individual_id]
            unit_on_shelf(order, line, line.individual.individual_no)
    return units


def _hold(order, lines, today):
    """The recipient's aids, one per line: ordered now, delivered later (a
    withdrawal's at once). A store's replenishment is no one's aids."""
    if order.kind == OrderKind.REPLENISHMENT:
        return
    holdings = Holding.objects.bulk_create(
        Holding(
            person=order.person,
            care_unit=order.care_unit,
            article=line.article,
            quantity=line.quantity,
            order_number=order.number,
            ordered_on=today,
            customer=order.customer,
            prescriber=order.prescriber,
            **holding_payer(line.article, order.person, line.payer or order.payer),
        )
        for line in lines
    )
    for line, holding in zip(lines, holdings, strict=True):
        line.holding = holding


def delivery_date(lines):
    """The order's date: its lines' latest (with samleverans, the one date
    they all share)."""
    dates = [line.delivery_date for line in lines if line.delivery_date]
    return max(dates) if dates else None


def put_back(order, lines, reason, user):
    """Cancel the lines: their reservations released with `reason` (a
    format with %(order)s) and a basket's units on the store's shelf again."""
    reserved = [
        (line.article, line.reserved_quantity)
        for line in lines
        if line.reserved_quantity
    ]
    if reserved:
        release(
            order.warehouse,
            reserved,
            reason=reason % {"order": stock_reason(order)},
            user=user,
        )
    Individual.objects.filter(
        pk__in=[line.individual_id for line in lines if line.individual_id],
        location=IndividualLocation.ON_LOAN,
    ).update(location=IndividualLocation.IN_WAREHOUSE)
    for line in lines:
        line.status = LineStatus.CANCELLED
        line.reserved_quantity = 0
    OrderLine.objects.bulk_update(lines, ["status", "reserved_quantity"])


def can_cancel(order):
    """Makulera (F-07): the whole order, only while no line is picked or
    delivered."""
    return OrderStatus.CANCELLED in TRANSITIONS[order.status]


@transaction.atomic
def cancel_order(order, user):
    """Cancel a registered order: release its reservations and remove the
    ordered aids from the recipient. Cancelling it again changes nothing."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.CANCELLED:
        return order
    if not can_cancel(order):
        raise ValidationError(
            _(
                "Ordern kan inte makuleras eftersom leveransen redan har "
                "påbörjats. Ring kundtjänst."
            ),
            code="not_cancellable",
        )
    lines = list(order.lines.select_related("article"))
    holding_ids = [line.holding_id for line in lines if line.holding_id]
    put_back(order, lines, _("%(order)s makulerad"), user)
    for line in lines:
        line.holding = None
    OrderLine.objects.bulk_update(lines, ["holding"])
    Holding.objects.filter(pk__in=holding_ids).delete()
    # A granted article not delivered may be ordered again.
    for outside_request_id in {line.outside_request_id for line in lines} - {None}:
        release_request(outside_request_id)
    set_status(
        order, OrderStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=user
    )
    return order

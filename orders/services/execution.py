"""Executing a draft (number, dates, reservations, the recipient's aids)
and cancelling a registered order (Makulera, F-07)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aids.models import Holding
from aids.recipients import deceased_refusal
from warehouse.services import release, reserve_where_available

from ..choices import TRANSITIONS, LineStatus, OrderStatus
from ..delivery import ship_date
from ..models import Order, OrderLine
from ..numbering import next_number
from .rules import DECEASED
from .status import set_status


def missing_for_execution(order, lines):
    """What stops the draft from being executed, as Swedish sentences."""
    problems = []
    if refusal := deceased_refusal(order.person, DECEASED):
        problems.append(refusal)
    if order.customer_id is None:
        problems.append(_("Välj kund/leveransadress."))
    if not lines:
        problems.append(_("Lägg till minst en orderrad."))
    if not order.street or not order.city:
        problems.append(_("Ange leveransadress med gatuadress och ort."))
    return problems


def execute_order(order, user):
    """Register the draft: number, delivery dates, reservations, the
    recipient's ordered aids, all in one transaction. Executing an order
    that is no longer a draft returns it unchanged, so a repeated POST never
    makes a second order."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.is_draft:
            return order
        lines = list(order.lines.select_related("article").order_by("position"))
        problems = missing_for_execution(order, lines)
        if problems:
            raise ValidationError(problems, code="incomplete")
        today = timezone.localdate()
        order.number = next_number(today)
        reserved = reserve_where_available(
            order.warehouse,
            [(line.article, line.quantity) for line in lines],
            reason=_("Kundorder %(number)s") % {"number": order.number},
            user=user,
        )
        for line, quantity in zip(lines, reserved, strict=True):
            line.reserved_quantity = quantity
            line.alternatives_pending = False
            line.delivery_date = ship_date(
                today, quantity > 0, line.article.lead_time_days
            )
        if order.joint_delivery:
            latest = max(line.delivery_date for line in lines)
            for line in lines:
                line.delivery_date = latest
        holdings = Holding.objects.bulk_create(
            Holding(
                person=order.person,
                care_unit=order.care_unit,
                article=line.article,
                quantity=line.quantity,
                order_number=order.number,
                ordered_on=today,
                customer=order.customer,
                payer=line.payer or order.payer,
                prescriber=order.prescriber,
            )
            for line in lines
        )
        for line, holding in zip(lines, holdings, strict=True):
            line.holding = holding
        OrderLine.objects.bulk_update(
            lines,
            ["reserved_quantity", "alternatives_pending", "delivery_date", "holding"],
        )
        set_status(
            order,
            OrderStatus.REGISTERED,
            number=order.number,
            executed_at=timezone.now(),
        )
    return order


def delivery_date(lines):
    """The order's date: its lines' latest (with samleverans, the one date
    they all share)."""
    dates = [line.delivery_date for line in lines if line.delivery_date]
    return max(dates) if dates else None


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
    to_release = [
        (line.article, line.reserved_quantity)
        for line in lines
        if line.reserved_quantity
    ]
    if to_release:
        release(
            order.warehouse,
            to_release,
            reason=_("Kundorder %(number)s makulerad") % {"number": order.number},
            user=user,
        )
    holding_ids = [line.holding_id for line in lines if line.holding_id]
    for line in lines:
        line.status = LineStatus.CANCELLED
        line.reserved_quantity = 0
        line.holding = None
    OrderLine.objects.bulk_update(lines, ["status", "reserved_quantity", "holding"])
    Holding.objects.filter(pk__in=holding_ids).delete()
    set_status(
        order, OrderStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=user
    )
    return order

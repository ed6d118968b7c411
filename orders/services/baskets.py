"""Settling a basket loan (Öppna varukorgsbeställningar, F-11): one patient
at a time, the lines they get are delivered to them, the lines going back
are returned to the store, the rest stays open. Any prescriber of the
basket's customers may settle it (holiday cover); each line records who
did."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aids.choices import IndividualLocation
from aids.models import Holding
from aids.recipients import deceased_refusal
from warehouse.services import release

from ..choices import OPEN_LINE_STATUSES, LineStatus, OrderKind
from ..models import Order, OrderLine
from .fulfilment import deliver_line
from .rules import DECEASED, stock_reason
from .status import _refresh_status
from .stores import holding_payer


def settle_basket(order, user, person=None, deliveries=None, returns=()):
    """Deliver the lines in `deliveries` (line → payer; a patient fee's
    payer is the patient) to `person` and return the lines in `returns` to
    the store, in one transaction. A line already settled (a double click,
    a colleague at the same moment) is refused with nothing changed.
    Returns the basket; once no line is open it is closed."""
    deliveries = deliveries or {}
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("warehouse", "customer")
            .get(pk=order.pk, kind=OrderKind.BASKET)
        )
        lines = _locked_open_lines(order, [*deliveries, *returns])
        if deliveries:
            if person is None:
                raise ValidationError(
                    _("Ange personnummer och tryck Visa mottagare."),
                    code="no_recipient",
                )
            if refusal := deceased_refusal(person, DECEASED):
                raise ValidationError(refusal, code="deceased")
        now = timezone.now()
        for line, payer in deliveries.items():
            _deliver(order, lines[line.pk], person, payer, user)
        if returns:
            _return(order, [lines[line.pk] for line in returns], user)
        settled = [lines[line.pk] for line in [*deliveries, *returns]]
        for line in settled:
            line.settled_by, line.settled_at = user, now
        OrderLine.objects.bulk_update(settled, ["settled_by", "settled_at"])
        _refresh_status(order)
    return order


def _locked_open_lines(order, chosen):
    """The chosen lines of the basket, locked in one statement in a fixed
    order, each still open and chosen once."""
    if not chosen:
        raise ValidationError(
            _("Markera Leverans eller Ta bort på minst en rad."), code="nothing"
        )
    if len({line.pk for line in chosen}) < len(chosen):
        raise ValidationError(
            _("En rad kan inte både levereras och tas bort."), code="both"
        )
    lines = {
        line.pk: line
        for line in OrderLine.objects.select_for_update(of=("self",))
        .filter(order=order, pk__in=[line.pk for line in chosen])
        .select_related("article", "individual")
        .order_by("pk")
    }
    for line in chosen:
        locked = lines.get(line.pk)
        if locked is None or locked.status not in OPEN_LINE_STATUSES:
            raise ValidationError(
                _("Rad %(position)s är redan åtgärdad."),
                code="settled",
                params={"position": line.position},
            )
        locked.order = order
    return lines


def _deliver(order, line, person, payer, user):
    """The line becomes the patient's aid, delivered today."""
    paid = holding_payer(line.article, person, payer)
    if paid["payer"] is None and not paid["patient_pays"]:
        raise ValidationError(
            _("Ange betalare för rad %(position)s."),
            code="payer_required",
            params={"position": line.position},
        )
    line.holding = Holding.objects.create(
        person=person,
        article=line.article,
        quantity=line.quantity,
        order_number=order.number,
        ordered_on=timezone.localdate(order.executed_at),
        customer=order.customer,
        prescriber=user,
        **paid,
    )
    line.payer = paid["payer"]
    line.save(update_fields=["holding", "payer"])
    deliver_line(line, line.quantity, user, line.individual)


def _return(order, lines, user):
    """The lines go back on the store's shelf: reservation released, the
    units in the store again."""
    reserved = [
        (line.article, line.reserved_quantity)
        for line in lines
        if line.reserved_quantity
    ]
    if reserved:
        release(
            order.warehouse,
            reserved,
            reason=_("%(order)s återlämnad") % {"order": stock_reason(order)},
            user=user,
        )
    units = [line.individual for line in lines if line.individual_id]
    for unit in units:
        unit.location = IndividualLocation.IN_WAREHOUSE
        unit.save(update_fields=["location"])
    for line in lines:
        line.status = LineStatus.CANCELLED
        line.reserved_quantity = 0
    OrderLine.objects.bulk_update(lines, ["status", "reserved_quantity"])

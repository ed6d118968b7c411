"""The order's status: moved only along TRANSITIONS, and following its
lines once they are picked and delivered."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import TRANSITIONS, LineStatus, OrderStatus


def set_status(order, status, **fields):
    """Move the order to `status` along TRANSITIONS, saving `fields` (the
    stamps that go with it) in the same statement; any other move is
    refused."""
    if status not in TRANSITIONS[order.status]:
        raise ValidationError(
            _("Order %(number)s kan inte gå från %(old)s till %(new)s."),
            code="transition",
            params={
                "number": order.number or "",
                "old": order.get_status_display().lower(),
                "new": OrderStatus(status).label.lower(),
            },
        )
    order.status = status
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["status", "updated_at", *fields])


def status_of_lines(statuses):
    """The order status its lines' statuses give."""
    live = set(statuses) - {LineStatus.CANCELLED}
    if not live:
        return OrderStatus.CANCELLED
    if live == {LineStatus.DELIVERED}:
        return OrderStatus.DELIVERED
    if live & {LineStatus.DELIVERED, LineStatus.PARTLY_DELIVERED}:
        return OrderStatus.PARTLY_DELIVERED
    if LineStatus.PICKED in live:
        return OrderStatus.PICKED
    return OrderStatus.REGISTERED


def _refresh_status(order):
    """The order's status follows its lines."""
    status = status_of_lines(order.lines.values_list("status", flat=True))
    if order.status != status:
        set_status(order, status)

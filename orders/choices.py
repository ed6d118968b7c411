from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderKind(models.TextChoices):
    """What an order does. Withdrawals from the local stores and basket loans
    (F-11) are orders too, delivered from another warehouse; a replenishment
    (Påfyllnad) brings a local store back up to its safety stock from 500."""

    ORDER = "order", _("Beställning")
    WITHDRAWAL = "withdrawal", _("Uttag ur eget förråd")
    BASKET = "basket", _("Artiklar i varukorg")
    REPLENISHMENT = "restock", _("Påfyllnad")


# Taken from a local store (402, 602) rather than the main warehouse.
STORE_KINDS = [OrderKind.WITHDRAWAL, OrderKind.BASKET]

# Orders without a recipient: a loan not yet settled, a store's restocking.
RECIPIENTLESS_KINDS = [OrderKind.BASKET, OrderKind.REPLENISHMENT]


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    REGISTERED = "registered", _("Registrerad")
    PICKED = "picked", _("Plockad")
    PARTLY_DELIVERED = "partly", _("Dellevererad")
    DELIVERED = "delivered", _("Levererad")
    CANCELLED = "cancelled", _("Makulerad")


# Executed orders still being picked or delivered (Kundorder's open orders).
OPEN_ORDER_STATUSES = [
    OrderStatus.REGISTERED,
    OrderStatus.PICKED,
    OrderStatus.PARTLY_DELIVERED,
]

# The order moves only along these: executed, then picked and delivered as
# its lines are, or cancelled while nothing has left the warehouse.
TRANSITIONS = {
    OrderStatus.DRAFT: {OrderStatus.REGISTERED},
    OrderStatus.REGISTERED: {
        OrderStatus.PICKED,
        OrderStatus.PARTLY_DELIVERED,
        OrderStatus.DELIVERED,
        OrderStatus.CANCELLED,
    },
    OrderStatus.PICKED: {OrderStatus.PARTLY_DELIVERED, OrderStatus.DELIVERED},
    OrderStatus.PARTLY_DELIVERED: {OrderStatus.DELIVERED},
    OrderStatus.DELIVERED: set(),
    OrderStatus.CANCELLED: set(),
}


class LineStatus(models.TextChoices):
    REGISTERED = "registered", _("Registrerad")
    PICKED = "picked", _("Plockad")
    PARTLY_DELIVERED = "partly", _("Dellevererad")
    DELIVERED = "delivered", _("Levererad")
    CANCELLED = "cancelled", _("Makulerad")


# Lines still to be picked or delivered.
OPEN_LINE_STATUSES = [
    LineStatus.REGISTERED,
    LineStatus.PICKED,
    LineStatus.PARTLY_DELIVERED,
]

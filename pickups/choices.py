from django.db import models
from django.utils.translation import gettext_lazy as _


class PickupStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")
    CANCELLED = "cancelled", _("Makulerad")


# A pickup is either carried out (closed) or cancelled, once.
TRANSITIONS = {
    PickupStatus.OPEN: {PickupStatus.CLOSED, PickupStatus.CANCELLED},
    PickupStatus.CLOSED: set(),
    PickupStatus.CANCELLED: set(),
}

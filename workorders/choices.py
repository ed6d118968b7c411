from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkOrderKind(models.TextChoices):
    """Typ av åtgärd. The first comes with a customer order's line; the
    others are for an aid delivered earlier."""

    WITH_ORDER = "with_order", _("Arbetsorder kopplad till kundorder")
    ADAPTATION = "adaptation", _("Anpassning")
    REPAIR = "repair", _("Reparation AU")
    SPECIAL = "special", _("Specialanpassning")


# The manual's explanation of each type, shown beside the choice.
KIND_EXPLANATIONS = {
    WorkOrderKind.WITH_ORDER: _(
        "För att justera, montera eller installera ett hjälpmedel i samband "
        "med kundorder."
    ),
    WorkOrderKind.ADAPTATION: _(
        "För att justera, montera eller installera ett hjälpmedel som "
        "levererats tidigare."
    ),
    WorkOrderKind.REPAIR: _(
        "För att avhjälpa fel eller driftstörning på levererat hjälpmedel."
    ),
    WorkOrderKind.SPECIAL: _(
        "För att modifiera, kombinera eller tillverka huvudhjälpmedel eller "
        "tillbehör på ett sätt som inte omfattas av tillverkarens/leverantörens "
        "anvisningar eller kombinationsavtal."
    ),
}
FOR_DELIVERED_AID = [
    WorkOrderKind.ADAPTATION,
    WorkOrderKind.REPAIR,
    WorkOrderKind.SPECIAL,
]


class WorkOrderStatus(models.TextChoices):
    REGISTERED = "registered", _("Registrerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    COMPLETED = "completed", _("Klar")
    CANCELLED = "cancelled", _("Makulerad")


# Customer service moves a work order only along these.
TRANSITIONS = {
    WorkOrderStatus.REGISTERED: {
        WorkOrderStatus.IN_PROGRESS,
        WorkOrderStatus.CANCELLED,
    },
    WorkOrderStatus.IN_PROGRESS: {WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED},
    WorkOrderStatus.COMPLETED: set(),
    WorkOrderStatus.CANCELLED: set(),
}
OPEN_STATUSES = [WorkOrderStatus.REGISTERED, WorkOrderStatus.IN_PROGRESS]

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Inskickad")
    GRANTED = "granted", _("Beviljad")
    REFUSED = "refused", _("Avslagen")
    INSTEAD = "instead", _("Använd i stället")


# The consultant decides once: every decision is final.
TRANSITIONS = {
    RequestStatus.SUBMITTED: {
        RequestStatus.GRANTED,
        RequestStatus.REFUSED,
        RequestStatus.INSTEAD,
    },
    RequestStatus.GRANTED: set(),
    RequestStatus.REFUSED: set(),
    RequestStatus.INSTEAD: set(),
}

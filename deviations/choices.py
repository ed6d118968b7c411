from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviationCategory(models.TextChoices):
    PRODUCT_FAULT = "product_fault", _("Produktfel")
    INJURY = "injury", _("Skada/tillbud")
    WRONG_DELIVERY = "wrong_delivery", _("Felleverans")
    LATE_DELIVERY = "late_delivery", _("Försenad leverans")
    OTHER = "other", _("Annat")


class DeviationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registrerad")
    INVESTIGATING = "investigating", _("Under utredning")
    RESOLVED = "resolved", _("Åtgärdad")
    CLOSED = "closed", _("Avslutad")


# Customer service moves a deviation only along these.
TRANSITIONS = {
    DeviationStatus.REGISTERED: {DeviationStatus.INVESTIGATING},
    DeviationStatus.INVESTIGATING: {DeviationStatus.RESOLVED, DeviationStatus.CLOSED},
    DeviationStatus.RESOLVED: set(),
    DeviationStatus.CLOSED: set(),
}
FINISHED_STATUSES = [DeviationStatus.RESOLVED, DeviationStatus.CLOSED]

# Shown on the form beside "Har avvikelsen orsakat skada på person?" and on
# the deviation's page when the answer is Ja: the reporting duty, as text.
INCIDENT_ADVICE = _(
    "En avvikelse som har orsakat skada på person är ett tillbud. Tillverkaren "
    "är skyldig att rapportera allvarliga tillbud med medicintekniska produkter "
    "till Läkemedelsverket, och du som användare ska rapportera tillbudet både "
    "till tillverkaren och till Läkemedelsverket (lakemedelsverket.se), utöver "
    "den här avvikelsen till hjälpmedelscentralen."
)

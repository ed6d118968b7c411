from django.db import models
from django.utils.translation import gettext_lazy as _


class IndividualLocation(models.TextChoices):
    AT_RECIPIENT = "recipient", _("Hos mottagare")
    IN_WAREHOUSE = "warehouse", _("I lager")
    TO_REFURBISH = "refurbish", _("I lager, för rekonditionering")
    IN_REPAIR = "repair", _("På reparation")
    SCRAPPED = "scrapped", _("Kasserad")


class HistoryKind(models.TextChoices):
    DELIVERED = "delivered", _("Levererad till")
    RETURNED = "returned", _("Återlämnad från")
    REPAIRED = "repaired", _("Reparerad/anpassad")
    MOVED = "moved", _("Flyttad")
    SCRAPPED = "scrapped", _("Kasserad")


class RecipientType(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CARE_UNIT = "vardenhet", _("Vårdenhet")

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineKind(models.TextChoices):
    RENT = "rent", _("Hyra")
    PURCHASE = "purchase", _("Köp")
    WORK_ORDER = "work_order", _("Arbetsorder")
    CORRECTION = "correction", _("Rättelse")


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Utfärdad")

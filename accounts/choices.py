from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    REGION = "region", _("Region")


class AccessAction(models.TextChoices):
    VIEW = "view", _("Visning")
    SEARCH = "search", _("Sökning")
    EXPORT = "export", _("Export")
    CHANGE = "change", _("Ändring")
    CONFIRM = "confirm", _("Bekräftad vårdrelation")
    EXTRACT = "extract", _("Loggutdrag")


class AccessRole(models.TextChoices):
    """In what role the user reached the data, as it was at the time."""

    PRESCRIBER = "forskrivare", _("Förskrivare")
    CUSTOMER_SERVICE = "kundtjanst", _("Kundtjänst")

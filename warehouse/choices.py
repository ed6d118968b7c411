from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    RECEIVE = "receive", _("Inleverans")
    ISSUE = "issue", _("Utleverans")
    RESERVE = "reserve", _("Reservation")
    RELEASE = "release", _("Släppt reservation")
    COUNT = "count", _("Inventering/import")


class StockLevel(models.TextChoices):
    IN_STOCK = "in_stock", _("I lager")
    FEW_LEFT = "few_left", _("Få kvar")
    OUT_OF_STOCK = "out_of_stock", _("Slut i lager")

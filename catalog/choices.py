from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PIECE = "st", _("st")
    PAIR = "par", _("par")
    SET = "sats", _("sats")


class ArticleType(models.TextChoices):
    MAIN = "huvudhjälpmedel", _("Huvudhjälpmedel")
    ACCESSORY = "tillbehör", _("Tillbehör")
    SPARE_PART = "reservdel", _("Reservdel")
    CONSUMABLE = "förbrukning", _("Förbrukning")
    PATIENT_FEE = "egenavgift", _("Egenavgift")


class DocumentKind(models.TextChoices):
    MANUAL = "manual", _("Manual")
    IMAGE = "image", _("Bild")
    LINK = "link", _("Länk")
    OTHER = "other", _("Övrigt dokument")

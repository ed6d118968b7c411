from decimal import Decimal

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


class VatRate(Decimal, models.Choices):
    """Momssats in per cent on an article's rent and price: Sweden's rates
    (as workorders.choices.VatRate for a work order's charge). Another
    figure is a typing error an invoice must not carry."""

    STANDARD = "25.00", _("25 %")
    REDUCED_12 = "12.00", _("12 %")
    REDUCED_6 = "6.00", _("6 %")
    EXEMPT = "0.00", _("0 % (momsfri)")

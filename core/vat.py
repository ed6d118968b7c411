"""Sweden's VAT rates (momssats, per cent): what an article's rent and
price and a work order's charge may carry. Another figure is a typing error
an invoice must not carry."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class VatRate(Decimal, models.Choices):
    STANDARD = "25.00", _("25 %")
    REDUCED_12 = "12.00", _("12 %")
    REDUCED_6 = "6.00", _("6 %")
    EXEMPT = "0.00", _("0 % (momsfri)")

    def __str__(self):
        # As TextChoices do: what a form compares with its options' values.
        return str(self.value)

"""Validators for the identifiers of the domain, shared by models, forms and imports."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

five_digit_code = RegexValidator(
    r"^\d{5}\Z", _("Ange en kod med exakt 5 siffror."), code="five_digits"
)

"""Validators for the identifiers of the domain, shared by models, forms and imports."""

from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

five_digit_code = RegexValidator(
    r"^\d{5}\Z", _("Ange en kod med exakt 5 siffror."), code="five_digits"
)


def validate_org_number(value):
    """A Swedish organisation number: 10 digits whose last is the check digit
    (Luhn), as 5560360793."""
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("Ange organisationsnumret med 10 siffror, till exempel 5560360793."),
            code="org_number_digits",
        )
    if not luhn.is_valid(value):
        raise ValidationError(
            _("Organisationsnumret är felaktigt: kontrollsiffran stämmer inte."),
            code="org_number_checksum",
        )


def swedish_phone_number(value):
    """A Swedish phone or mobile number that can exist (070-123 45 67,
    090-12 34 56, +46 70 123 45 67), by the numbering plan in `phonenumbers`."""
    try:
        number = phonenumbers.parse(str(value), "SE")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 46
        or not phonenumbers.is_valid_number(number)
    ):
        raise ValidationError(
            _(
                "Ange ett svenskt telefonnummer med riktnummer, till exempel "
                "070-123 45 67 eller 090-12 34 56."
            ),
            code="swedish_phone",
        )


def normalise_personnummer(value, today=None):
    """The 12-digit form YYYYMMDDNNNN of a personnummer or samordningsnummer
    (day + 60) written as 12 or 10 digits, with or without the hyphen (in the
    10-digit form a `+` marks 100 years or older). Raises ValidationError with
    a Swedish message: wrong length, impossible date or wrong check digit."""
    text = "".join(str(value).split())
    separators = text.count("-") + text.count("+")
    digits = text.replace("-", "").replace("+", "")
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses.
    if (
        not (digits.isascii() and digits.isdigit())
        or len(digits) not in (10, 12)
        or separators > 1
    ):
        raise ValidationError(
            _("Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."), code="length"
        )
    if len(digits) == 10:
        digits = _century(digits, hundred_or_older="+" in text, today=today) + digits
    try:
        birth_date(digits)
    except ValueError:
        raise ValidationError(
            _("Personnumret innehåller ett datum som inte finns."), code="date"
        ) from None
    if not luhn.is_valid(digits[2:]):
        raise ValidationError(
            _("Personnumret är felaktigt: kontrollsiffran stämmer inte."),
            code="checksum",
        )
    return digits


def birth_date(personnummer):
    """The birth date in a 12-digit personnummer; a samordningsnummer has 60
    added to the day. ValueError for a date that does not exist."""
    day = int(personnummer[6:8])
    return date(
        int(personnummer[:4]), int(personnummer[4:6]), day - 60 if day > 60 else day
    )


def _century(ten_digits, hundred_or_older, today=None):
    """The century of a 10-digit number: the latest birth year not in the
    future (Skatteverket's convention), 100 years earlier with `+`."""
    today = today or date.today()
    year = today.year - (today.year - int(ten_digits[:2])) % 100
    if (year, ten_digits[2:6]) > (today.year, f"{today:%m%d}"):
        year -= 100
    if hundred_or_older:
        year -= 100
    return f"{year // 100:02d}"


def validate_personnummer(value):
    """For stored values: exactly the normalised 12-digit form."""
    if normalise_personnummer(value) != value:
        raise ValidationError(
            _("Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."), code="length"
        )

import re

from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    UserAttributeSimilarityValidator,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

from core.validators import validate_org_number

# The Peppol identifier scheme (ISO 6523 ICD) of Swedish organisation numbers.
ORG_NUMBER_SCHEME = "0007"

# Scheme: a 4-digit ISO 6523 ICD; identifier: at most 50 characters, no
# spaces or colons (Peppol Policy for use of Identifiers).
PEPPOL_ID = re.compile(r"(\d{4}):([^\s:]{1,50})")


def validate_peppol_id(value):
    """A Peppol participant id as `scheme:identifier`, 0007:2120000001; with
    scheme 0007 the identifier is an organisation number."""
    match = PEPPOL_ID.fullmatch(value)
    if match is None:
        raise ValidationError(
            _("Ange Peppol-id som schema och identitet, till exempel 0007:2120000001."),
            code="peppol_id",
        )
    scheme, identifier = match.groups()
    if scheme == ORG_NUMBER_SCHEME:
        validate_org_number(identifier)


class MaximumLengthValidator:
    """Refuse absurdly long passwords (hashing cost), far above what people use."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(self.get_help_text(), code="password_too_long")

    def get_help_text(self):
        return _("Lösenordet får vara högst %(max_length)d tecken.") % {
            "max_length": self.max_length
        }


class PasswordStrengthValidator:
    """Refuse a password that is easy to guess, with one reason in Swedish.

    Django's own verdicts come first because they name the cause exactly (a
    common password, too like the user's name or address); otherwise zxcvbn
    estimates the guesses, with the user's own data and the service's name as
    dictionary words. A score of 3 means about 10^8 guesses, beyond an online
    attack slowed by the login throttle (django-axes)."""

    # Words anyone guessing a webSesam password tries first.
    SITE_WORDS = ["websesam", "hjalpmedel", "hjälpmedel"]
    USER_ATTRIBUTES = ["username", "first_name", "last_name", "email"]
    # zxcvbn's matching is quadratic in the length; a password whose first
    # 72 characters are strong is strong.
    SCORED_LENGTH = 72

    def __init__(self, min_score=3):
        self.min_score = min_score
        self.checks = [UserAttributeSimilarityValidator(), CommonPasswordValidator()]

    def validate(self, password, user=None):
        for check in self.checks:
            check.validate(password, user)
        result = zxcvbn(
            password[: self.SCORED_LENGTH], user_inputs=self.user_inputs(user)
        )
        if result["score"] < self.min_score:
            raise ValidationError(
                " ".join(
                    part
                    for part in [
                        _("Lösenordet är för lätt att gissa."),
                        self.reason(result["sequence"]),
                        _("Välj en lösenfras av flera ord som inte hör ihop."),
                    ]
                    if part
                ),
                code="password_too_guessable",
            )

    def user_inputs(self, user):
        """The user's own data, whole and split into words (anna.lind@…
        gives anna and lind too), besides the site's words."""
        values = [
            str(getattr(user, attribute, "") or "")
            for attribute in self.USER_ATTRIBUTES
        ]
        words = [word for value in values for word in re.split(r"[\W_]+", value)]
        return self.SITE_WORDS + [item for item in values + words if item]

    @staticmethod
    def reason(sequence):
        """zxcvbn's warnings are English: the same causes, said in Swedish,
        from the longest part of the password zxcvbn recognised."""
        match = max(sequence, key=lambda match: len(match["token"]))
        pattern = match["pattern"]
        if pattern == "dictionary":
            if match["dictionary_name"] == "user_inputs":
                return _(
                    "Det bygger på ditt namn, användarnamn eller e-postadress "
                    "eller på ord som webSesam och hjälpmedel."
                )
            if match["dictionary_name"] == "passwords":
                return _("Det liknar ett vanligt lösenord.")
            return _("Enstaka vanliga ord och namn är lätta att gissa.")
        return {
            "spatial": _("Rader av tangenter, som qwerty, är lätta att gissa."),
            "repeat": _("Upprepningar, som aaa eller abcabc, är lätta att gissa."),
            "sequence": _("Följder, som abc eller 6543, är lätta att gissa."),
            "regex": _("Årtal är lätta att gissa."),
            "date": _("Datum är lätta att gissa."),
        }.get(pattern, "")

    def get_help_text(self):
        return _(
            "Lösenordet får inte vara lätt att gissa: undvik vanliga lösenord, "
            "ditt namn, upprepningar, tangentrader och årtal. En lösenfras av "
            "flera ord som inte hör ihop är stark och lätt att komma ihåg."
        )

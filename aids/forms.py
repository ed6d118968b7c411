from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from catalog.models import SearchText
from websesam.validators import normalise_personnummer

from .models import Individual, Person

# Enough for any real name or address; longer input is a mistake.
MAX_CRITERION_LENGTH = 100


class IndividualSearchForm(forms.Form):
    """Individkort: find one unit by its individual number."""

    individual_no = forms.CharField(
        label=_("Individnummer"),
        max_length=30,
        error_messages={"required": _("Ange ett individnummer.")},
    )

    def clean_individual_no(self):
        number = self.cleaned_data["individual_no"].strip()
        if not Individual.objects.filter(individual_no=number).exists():
            raise ValidationError(
                _("Det finns ingen individ med individnummer %(number)s."),
                code="unknown",
                params={"number": number},
            )
        return number


class CfrSearchForm(forms.Form):
    """CFR: every criterion optional, all given ones must match. Sent by POST,
    because a personnummer must never be in a URL."""

    name = forms.CharField(
        label=_("Namn"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("För- och efternamn eller delar av dem, i valfri ordning."),
    )
    personnummer = forms.CharField(
        label=_("Personnummer"),
        required=False,
        max_length=20,
        help_text=_("Hela personnumret eller dess början, minst 4 siffror."),
    )
    street = forms.CharField(
        label=_("Gatuadress"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("Hela eller en del av gatuadressen."),
    )
    postal_code = forms.CharField(
        label=_("Postnummer"),
        required=False,
        max_length=10,
        help_text=_("Hela postnumret eller dess början."),
    )
    city = forms.CharField(label=_("Ort"), required=False, max_length=50)

    CRITERIA = ["name", "personnummer", "street", "postal_code", "city"]

    def clean_personnummer(self):
        """The digits to match at the start of the 12-digit form. A complete
        number in any usual written form is normalised and checked."""
        text = "".join(self.cleaned_data["personnummer"].split())
        if not text:
            return ""
        digits = text.replace("-", "")
        if not digits.isdigit() or text.count("-") > 1:
            raise ValidationError(
                _("Ange personnumret med siffror, med eller utan bindestreck."),
                code="digits",
            )
        if len(digits) < 4:
            raise ValidationError(
                _("Ange minst 4 siffror av personnumret."), code="too_short"
            )
        if len(digits) > 12:
            raise ValidationError(
                _("Ett personnummer har högst 12 siffror, ÅÅÅÅMMDDNNNN."),
                code="too_long",
            )
        # ÅÅMMDD-NNNN is a complete number without the century, 12 digits
        # one with it; anything else is the beginning of ÅÅÅÅMMDDNNNN.
        if len(digits) == 12 or (len(digits) == 10 and text[6:7] == "-"):
            return normalise_personnummer(text)
        return digits

    def clean_postal_code(self):
        code = "".join(self.cleaned_data["postal_code"].split())
        if code and not code.isdigit():
            raise ValidationError(
                _("Ange postnumret med siffror."), code="postal_code_digits"
            )
        return code

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not any(cleaned_data.get(f) for f in self.CRITERIA):
            raise ValidationError(_("Ange minst ett sökvillkor."), code="no_criteria")
        return cleaned_data

    def search(self):
        """The matching persons, by last and first name; call only when the
        form is valid. Every criterion is one indexed condition in SQL."""
        data = self.cleaned_data
        persons = Person.objects.order_by("last_name", "first_name", "personnummer")
        # Each word on its own, so that the order does not matter; both sides
        # lower-cased and unaccented in SQL, as the trigram indexes are.
        for word in data["name"].split():
            persons = persons.filter(search_name__contains=SearchText(Value(word)))
        for word in data["street"].split():
            persons = persons.filter(search_street__contains=SearchText(Value(word)))
        if data["personnummer"]:
            persons = persons.filter(personnummer__startswith=data["personnummer"])
        if code := data["postal_code"]:
            # Stored as "90325" or "903 25": two prefix lookups on the index.
            spaced = f"{code[:3]} {code[3:]}" if len(code) > 3 else code
            persons = persons.filter(
                Q(postal_code__startswith=code) | Q(postal_code__startswith=spaced)
            )
        if data["city"]:
            persons = persons.alias(city_lower=Lower("city")).filter(
                city_lower=Lower(Value(data["city"]))
            )
        return persons

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from core.forms import PersonnummerField, PhoneField
from core.search import MAX_CRITERION_LENGTH, CriteriaForm, containing_words
from core.validators import five_digit_code

from .choices import CareReason, RecipientType
from .models import Individual, Person, RecipientDetails
from .recipients import Recipient


class PersonLookupForm(forms.Form):
    """Customer service finds one person by personnummer (a recipient's
    orders, a log extract). Posted, so the personnummer never reaches an
    address or a log of addresses; what follows uses the person's opaque id."""

    personnummer = PersonnummerField(
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_personnummer(self):
        number = self.cleaned_data["personnummer"]
        self.person = Person.objects.filter(personnummer=number).first()
        if self.person is None:
            raise ValidationError(
                _("Det finns ingen person med det personnumret."), code="unknown"
            )
        return number


class IndividualSearchForm(forms.Form):
    """Individkort: find one unit by its individual number."""

    individual_no = forms.CharField(
        label=_("Individnummer"),
        max_length=30,
        error_messages={"required": _("Ange ett individnummer.")},
    )

    def clean_individual_no(self):
        number = self.cleaned_data["individual_no"]
        if not Individual.objects.filter(individual_no=number).exists():
            raise ValidationError(
                _("Det finns ingen individ med individnummer %(number)s."),
                code="unknown",
                params={"number": number},
            )
        return number


class CfrSearchForm(CriteriaForm):
    """CFR: every criterion optional, all given ones must match. Sent by POST,
    because a personnummer must never be in a URL."""

    name = forms.CharField(
        label=_("Namn"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("För- och efternamn eller delar av dem, i valfri ordning."),
    )
    personnummer = PersonnummerField(beginning=True, required=False)
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

    def clean_postal_code(self):
        code = "".join(self.cleaned_data["postal_code"].split())
        if code and not (code.isascii() and code.isdigit()):
            raise ValidationError(
                _("Ange postnumret med siffror."), code="postal_code_digits"
            )
        return code

    def search(self):
        """The matching persons, by last and first name; call only when the
        form is valid. Every criterion is one indexed condition in SQL."""
        data = self.cleaned_data
        persons = Person.objects.order_by("last_name", "first_name", "personnummer")
        # A comma separates words too: the hit list shows "Lindén, Åsa".
        persons = containing_words(
            persons, "search_name", data["name"].replace(",", " ")
        )
        if data["personnummer"]:
            persons = persons.filter(personnummer__startswith=data["personnummer"])
        return persons.matching_address(
            street=data["street"], postal_code=data["postal_code"], city=data["city"]
        )


class RecipientSearchForm(forms.Form):
    """Hjälpmedel: find a patient by personnummer or a care unit by its code.
    Sent by POST, because a personnummer must never be in a URL."""

    recipient_type = forms.ChoiceField(
        label=_("Mottagartyp"),
        choices=RecipientType.choices,
        initial=RecipientType.PATIENT,
        error_messages={"invalid_choice": _("Välj Patient eller Vårdenhet.")},
    )
    personnummer = PersonnummerField(required=False)
    care_unit = forms.CharField(
        label=_("Vårdenhet"),
        required=False,
        max_length=20,
        help_text=_("Kod med 5 siffror."),
    )
    only_marked = forms.BooleanField(label=_("Endast I-märkta"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.recipient = None

    def _wants(self, recipient_type):
        return self.cleaned_data.get("recipient_type") == recipient_type

    def clean_personnummer(self):
        number = self.cleaned_data["personnummer"]
        if not self._wants(RecipientType.PATIENT):
            return number
        if not number:
            raise ValidationError(_("Ange patientens personnummer."), code="required")
        person = Person.objects.filter(personnummer=number).first()
        if person is None:
            raise ValidationError(
                _("Det finns ingen person med det personnumret i folkbokföringen."),
                code="unknown",
            )
        self.recipient = Recipient(person=person)
        return number

    def clean_care_unit(self):
        code = self.cleaned_data["care_unit"].strip()
        if not self._wants(RecipientType.CARE_UNIT):
            return code
        if not code:
            raise ValidationError(_("Ange vårdenhetens kod."), code="required")
        five_digit_code(code)
        care_unit = Customer.objects.filter(kundid=code).first()
        if care_unit is None:
            raise ValidationError(
                _("Det finns ingen vårdenhet med koden %(code)s."),
                code="unknown",
                params={"code": code},
            )
        if not (
            self.user.is_staff or self.user.customers.filter(pk=care_unit.pk).exists()
        ):
            raise ValidationError(
                _("Du har inte behörighet för vårdenheten"), code="unauthorised"
            )
        self.recipient = Recipient(care_unit=care_unit)
        return code

    def clean(self):
        data = super().clean()
        if not self._wants(RecipientType.PATIENT):
            # Only the chosen kind of recipient is checked: what is left in
            # the personnummer box while a care unit is searched for is not.
            self.errors.pop("personnummer", None)
        return data


class RecipientDetailsForm(forms.ModelForm):
    """Telefon, Portkod and Instruktioner, offered on every later order."""

    phone = PhoneField(required=False)
    instructions = forms.CharField(
        label=_("Instruktioner"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Till exempel var leveransen ska lämnas."),
    )

    class Meta:
        model = RecipientDetails
        fields = ["phone", "door_code", "instructions"]
        labels = {"door_code": _("Portkod")}


class CareRelationshipForm(forms.Form):
    """The confirmation of a care relationship, asked for before a patient's
    pages when none of the user's customers has been in contact with them."""

    confirmed = forms.BooleanField(
        label=_("Jag har en vårdrelation med patienten"),
        error_messages={
            "required": _("Bekräfta att du har en vårdrelation med patienten.")
        },
    )
    reason = forms.ChoiceField(
        label=_("Skäl"),
        choices=CareReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett skäl.")},
    )
    note = forms.CharField(
        label=_("Beskriv skälet"),
        required=False,
        max_length=200,
        help_text=_("Krävs när skälet är Annat."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == CareReason.OTHER and not data.get("note", "").strip():
            self.add_error(
                "note", ValidationError(_("Beskriv skälet."), code="required")
            )
        return data


class AccessExtractForm(PersonLookupForm):
    """Loggutdrag for one person and a period. Posted, like every
    personnummer: it never reaches an address or a log of addresses."""

    first_day = forms.DateField(
        label=_("Från och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last_day = forms.DateField(
        label=_("Till och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day and first_day > last_day:
            self.add_error(
                "last_day",
                ValidationError(
                    _("Periodens slut kan inte vara före dess början."),
                    code="period",
                ),
            )
        return data


LOST_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LostReportForm(forms.Form):
    """Anmäl borttappat: when and how the aid was lost, as a case of one of
    the prescriber's customers (a choice only when there are several). The
    dates' rules are the service's (aids.services.report_lost)."""

    customer = forms.ChoiceField(
        label=_("Kund"),
        error_messages={
            "required": _("Välj kund."),
            "invalid_choice": _("Välj en av dina kunder i listan."),
        },
    )
    lost_on = forms.DateField(
        label=_("Datum då hjälpmedlet tappades bort"),
        widget=LOST_DATE_WIDGET,
        error_messages={
            "required": _("Ange datum då hjälpmedlet tappades bort."),
            "invalid": _("Ange ett giltigt datum, t.ex. 2026-03-02."),
        },
    )
    circumstances = forms.CharField(
        label=_("Omständigheter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Var, när och hur hjälpmedlet försvann."),
        error_messages={"required": _("Beskriv omständigheterna.")},
    )
    police_report_no = forms.CharField(
        label=_("Polisanmälans nummer"),
        max_length=30,
        required=False,
        help_text=_("Om hjälpmedlet är stulet och polisanmält."),
    )

    def __init__(self, *args, customers, holding, **kwargs):
        self.customers = {str(customer.pk): customer for customer in customers}
        kwargs.setdefault("initial", {})
        # The aid's own customer first, if it is one of the prescriber's.
        if str(holding.customer_id) in self.customers:
            kwargs["initial"].setdefault("customer", str(holding.customer_id))
        super().__init__(*args, **kwargs)
        if len(customers) > 1:
            self.fields["customer"].choices = [("", _("– välj kund –"))] + [
                (pk, str(customer)) for pk, customer in self.customers.items()
            ]
        else:
            del self.fields["customer"]

    @property
    def chosen_customer(self):
        if "customer" not in self.fields:
            return next(iter(self.customers.values()), None)
        return self.customers.get(self.cleaned_data.get("customer"))


class FoundForm(forms.Form):
    """Anmäl återfunnet: the date the lost aid was found."""

    found_on = forms.DateField(
        label=_("Datum då hjälpmedlet återfanns"),
        widget=LOST_DATE_WIDGET,
        error_messages={
            "required": _("Ange datum då hjälpmedlet återfanns."),
            "invalid": _("Ange ett giltigt datum, t.ex. 2026-03-02."),
        },
    )

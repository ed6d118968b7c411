from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.choices import AddressChoice
from aids.recipients import Recipient, address_label, address_sources
from core.forms import PhoneField
from core.search import MAX_CRITERION_LENGTH, CriteriaForm
from core.validators import normalise_personnummer
from orders.forms.delivery import OtherAddressForm

from .models import PickupReason


class PickupForm(OtherAddressForm):
    """Hämtorder: where, who to call, why, and which of the patient's aids.
    `holdings` are the patient's current aids as dicts of
    pickups.rows.HOLDINGS_LISTED, with `open_pickup` (the number of an open
    pickup, or None); only those without one can be ticked.
    The header box Markera alla means all of them, without JavaScript."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    customer = forms.ModelChoiceField(
        label=_("Kund/leveransadress"),
        queryset=Customer.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Välj en kund."),
            "invalid_choice": _("Välj en av kunderna i listan."),
        },
    )
    address_choice = forms.ChoiceField(
        label=_("Hämtadress"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj hämtadress."),
            "invalid_choice": _("Välj en av adresserna i listan."),
        },
    )
    phone = PhoneField(
        label=_("Telefon/mobiltelefon"),
        help_text=_("Måste alltid anges, till exempel 070-123 45 67."),
        error_messages={"required": _("Ange telefon- eller mobilnummer.")},
    )
    door_phone = forms.CharField(
        label=_("Porttelefon"),
        required=False,
        max_length=50,
        help_text=_("Om det finns porttelefon: namn eller kod att ringa."),
    )
    instructions = forms.CharField(
        label=_("Instruktioner"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel trång hiss, pratar inte svenska."),
    )
    information = forms.CharField(
        label=_("Hämtorderinformation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Valfri text, till exempel vilka hjälpmedel som ska hämtas men inte "
            "finns i listan."
        ),
    )
    reason = forms.ModelChoiceField(
        label=_("Orsak"),
        queryset=PickupReason.objects.filter(active=True),
        empty_label=_("Välj orsak"),
        error_messages={
            "required": _("Välj orsak till hämtningen."),
            "invalid_choice": _("Välj en orsak i listan."),
        },
    )
    holdings = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _("Välj bara bland mottagarens hjälpmedel i listan.")
        },
    )
    select_all = forms.BooleanField(label=_("Markera alla"), required=False)

    def __init__(self, *args, person, customers, holdings, **kwargs):
        self.person = person
        self.pickable = [held["pk"] for held in holdings if not held["open_pickup"]]
        details = getattr(person, "details", None)
        address_choices = self._address_choices(customers)
        kwargs.setdefault("initial", {}).update(
            {
                "phone": (details and details.phone) or person.phone,
                "instructions": details.instructions if details else "",
                "address_choice": address_choices[0][0],
            }
        )
        super().__init__(*args, **kwargs)
        if len(customers) > 1:
            self.fields["customer"].queryset = Customer.objects.filter(
                pk__in=[customer.pk for customer in customers]
            ).order_by("name", "kundid")
        else:
            # One customer needs no choice: the pickup is for that one.
            del self.fields["customer"]
            self.only_customer = customers[0]
        self.fields["address_choice"].choices = address_choices
        self.fields["holdings"].choices = [(pk, pk) for pk in self.pickable]

    def _address_choices(self, customers):
        only = customers[0] if len(customers) == 1 else None
        sources = address_sources(Recipient(person=self.person), only)
        choices = [
            (choice, address_label(choice, source))
            for choice, source in sources.items()
        ]
        if only is None:
            choices.append((AddressChoice.CUSTOMER, AddressChoice.CUSTOMER.label))
        choices.append((AddressChoice.OTHER, _("Annan adress, skriv in nedan")))
        return choices

    def clean(self):
        data = super().clean()
        if data.get("select_all"):
            data["holdings"] = list(self.pickable)
        if (
            "holdings" not in self.errors
            and not data.get("holdings")
            and not data.get("information", "").strip()
        ):
            self.add_error(
                "holdings",
                ValidationError(
                    _(
                        "Markera minst ett hjälpmedel, eller skriv i "
                        "Hämtorderinformation vad som ska hämtas."
                    ),
                    code="nothing",
                ),
            )
        return data

    @property
    def chosen_customer(self):
        if "customer" in self.fields:
            return self.cleaned_data["customer"]
        return self.only_customer

    def ticked(self):
        """The ids ticked now, as strings (as typed, also when the form has
        errors)."""
        if not self.is_bound:
            return set()
        if self.data.get(self.add_prefix("select_all")):
            return {str(pk) for pk in self.pickable}
        return set(self.data.getlist(self.add_prefix("holdings")))


class PickupSearchForm(CriteriaForm):
    """Sök hämtorder. Sent by POST: a personnummer never goes in a URL."""

    number = forms.CharField(
        label=_("Hämtordernummer"),
        required=False,
        max_length=8,
        help_text=_("Hela numret eller början av det, t.ex. H00001."),
    )
    recipient = forms.CharField(
        label=_("Mottagare"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("Personnummer (12 siffror) eller namn."),
    )
    created_on = forms.DateField(
        label=_("Datum"),
        required=False,
        help_text=_("Dagen hämtordern registrerades, ÅÅÅÅ-MM-DD."),
        error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    include_closed = forms.BooleanField(
        label=_("Inkludera stängda"),
        required=False,
        help_text=_("Visa även stängda och makulerade hämtorder."),
    )

    CRITERIA = ["number", "recipient", "created_on"]

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split()).upper()
        if number and not number.removeprefix("H").isdigit():
            raise ValidationError(
                _("Ett hämtordernummer är H och 7 siffror, t.ex. H0000012."),
                code="number",
            )
        if number and not number.startswith("H"):
            number = "H" + number
        return number

    def clean_recipient(self):
        """A text of digits is a personnummer; anything else a name."""
        text = self.cleaned_data["recipient"].strip()
        if text and text.replace("-", "").replace("+", "").isdigit():
            return {"personnummer": normalise_personnummer(text)}
        return {"name": text} if text else {}

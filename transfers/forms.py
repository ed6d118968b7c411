from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.models import Person
from core.forms import PersonnummerField
from core.validators import five_digit_code

from .choices import CARE_UNIT_KINDS, PATIENT_KINDS, TransferKind

# The fields each kind of BMB needs besides the aids and the date.
NEEDS = {
    TransferKind.PAYER: "payer",
    TransferKind.TAKE_BACK: "store",
    TransferKind.HAND_OUT: "personnummer",
    TransferKind.PRESCRIBER: "prescriber",
}
REQUIRED = {
    "payer": _("Ange den nya betalarens betalarid, 5 siffror."),
    "store": _("Välj det egna förråd som hjälpmedlen återtas till."),
    "personnummer": _("Ange personnumret för patienten som får hjälpmedlen."),
    "prescriber": _("Välj den förskrivare som tar över uppföljningen."),
}


class TransferForm(forms.Form):
    """BMB: tick the recipient's aids, say what to do and from when. The
    fields a kind does not need are left out of its validation. `holdings`
    are the recipient's current aids as dicts of transfers.rows.LISTED;
    those with an open pickup or work order cannot be ticked."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Vad ska göras?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj vad som ska göras."),
            "invalid_choice": _("Välj ett av alternativen."),
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
    valid_from = forms.DateField(
        label=_("Gäller från"),
        help_text=_("ÅÅÅÅ-MM-DD, i innevarande månad och senast i dag."),
        error_messages={
            "required": _("Ange från vilket datum ändringen gäller."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    customer = forms.ModelChoiceField(
        label=_("Kund"),
        queryset=Customer.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Den kund du gör ändringen för (betalare och förskrivare)."),
        error_messages={"invalid_choice": _("Välj en av kunderna i listan.")},
    )
    payer = forms.CharField(
        label=_("Ny betalare (betalarid)"),
        required=False,
        max_length=5,
        help_text=_("5 siffror. Gäller vid Byta betalare."),
    )
    store = forms.ModelChoiceField(
        label=_("Eget förråd"),
        queryset=Customer.objects.none(),
        required=False,
        empty_label=_("Välj vårdenhet"),
        help_text=_(
            "Vårdenheten som återtar hjälpmedlen till sitt förråd. Gäller vid Återta."
        ),
        error_messages={"invalid_choice": _("Välj en av vårdenheterna i listan.")},
    )
    personnummer = PersonnummerField(
        label=_("Lämna ut till patient (personnummer)"),
        required=False,
        help_text=_("12 siffror, ÅÅÅÅMMDDNNNN. Gäller vid Lämna ut."),
    )
    prescriber = forms.ModelChoiceField(
        label=_("Ny förskrivare"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Välj förskrivare"),
        help_text=_("En förskrivare hos samma kund. Gäller vid Byta förskrivare."),
        error_messages={"invalid_choice": _("Välj en förskrivare i listan.")},
    )

    def __init__(self, *args, recipient, customers, holdings, **kwargs):
        self.recipient = recipient
        self.movable = [held["pk"] for held in holdings if not held["busy"]]
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        kinds = PATIENT_KINDS if recipient.person else CARE_UNIT_KINDS
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["holdings"].choices = [(pk, pk) for pk in self.movable]
        own = Customer.objects.filter(
            pk__in=[customer.pk for customer in customers]
        ).order_by("name", "kundid")
        if len(customers) > 1:
            self.fields["customer"].queryset = own
        else:
            # One customer needs no choice: the BMB is for that one.
            del self.fields["customer"]
            self.only_customer = customers[0]
        if recipient.person:
            self.fields["store"].queryset = own
            del self.fields["personnummer"]
        else:
            del self.fields["store"]
        self.fields["prescriber"].queryset = (
            get_user_model()
            .objects.filter(authorisations__customer__in=own, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )

    def clean(self):
        data = super().clean()
        if data.get("select_all"):
            data["holdings"] = list(self.movable)
        if "holdings" not in self.errors and not data.get("holdings"):
            self.add_error(
                "holdings",
                ValidationError(_("Markera minst ett hjälpmedel."), code="nothing"),
            )
        kind = data.get("kind")
        if (
            kind in (TransferKind.PAYER, TransferKind.PRESCRIBER)
            and "customer" in self.fields
            and not data.get("customer")
            and "customer" not in self.errors
        ):
            self.add_error("customer", ValidationError(_("Välj en kund."), "required"))
        needed = NEEDS.get(kind)
        if needed in self.fields and needed not in self.errors:
            if not data.get(needed):
                self.add_error(needed, ValidationError(REQUIRED[needed], "required"))
            elif needed == "payer":
                # Only here: a payer typed and then another kind chosen is
                # no error.
                try:
                    five_digit_code(data[needed])
                except ValidationError as error:
                    self.add_error(needed, error)
            elif needed == "personnummer":
                data["to_person"] = self._person(data[needed])
        return data

    def _person(self, personnummer):
        person = Person.objects.filter(personnummer=personnummer).first()
        if person is None:
            self.add_error(
                "personnummer",
                ValidationError(
                    _("Personnumret finns inte i folkbokföringen (CFR)."),
                    code="unknown_person",
                ),
            )
        return person

    @property
    def chosen_customer(self):
        if "customer" in self.fields:
            return self.cleaned_data.get("customer")
        return self.only_customer

    def ticked(self):
        """The ids ticked now, as strings (as typed, also when the form has
        errors)."""
        if not self.is_bound:
            return {str(pk) for pk in self.initial.get("holdings", ())}
        if self.data.get(self.add_prefix("select_all")):
            return {str(pk) for pk in self.movable}
        return set(self.data.getlist(self.add_prefix("holdings")))

    def service_arguments(self):
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind,
            "holding_ids": data["holdings"],
            "valid_from": data["valid_from"],
            "customer": self.chosen_customer,
            "payer": data.get("payer") if kind == TransferKind.PAYER else None,
            "store": data.get("store"),
            "to_person": data.get("to_person"),
            "prescriber": data.get("prescriber"),
        }

"""Rapportera avvikelse: Kategori, skada på person, Händelsedatum,
Beskrivning and Kund. The files go through orders' AttachmentForm, checked
the same way as on customer orders."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import INCIDENT_ADVICE, DeviationCategory

YES, NO = "ja", "nej"


class DeviationForm(forms.Form):
    """`customers` those the prescriber orders for (a choice only when there
    are several)."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=DeviationCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj kategori."),
            "invalid_choice": _("Välj en av kategorierna i listan."),
        },
    )
    injury = forms.TypedChoiceField(
        label=_("Har avvikelsen orsakat skada på person?"),
        choices=[(YES, _("Ja")), (NO, _("Nej"))],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        help_text=INCIDENT_ADVICE,
        error_messages={
            "required": _("Svara Ja eller Nej."),
            "invalid_choice": _("Svara Ja eller Nej."),
        },
    )
    occurred_on = forms.DateField(
        label=_("Händelsedatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Dagen då avvikelsen inträffade eller upptäcktes, ÅÅÅÅ-MM-DD."),
        error_messages={
            "required": _("Ange händelsedatum."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Vad hände, när och hur upptäcktes det? Foton och följesedlar "
            "bifogas som filer nedan."
        ),
        error_messages={"required": _("Beskriv avvikelsen: vad hände?")},
    )
    customer = forms.ChoiceField(
        label=_("Kund"),
        error_messages={
            "required": _("Välj kund."),
            "invalid_choice": _("Välj en av dina kunder i listan."),
        },
    )

    def __init__(self, *args, customers, **kwargs):
        self.customers = {str(customer.pk): customer for customer in customers}
        kwargs.setdefault(
            "initial", {"token": uuid.uuid4(), "occurred_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)
        if len(customers) > 1:
            self.fields["customer"].choices = [("", _("– välj kund –"))] + [
                (pk, str(customer)) for pk, customer in self.customers.items()
            ]
        else:
            del self.fields["customer"]

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError(
                _("Händelsedatum kan inte vara i framtiden."), code="future"
            )
        return occurred_on

    @property
    def chosen_customer(self):
        if "customer" not in self.fields:
            return next(iter(self.customers.values()), None)
        return self.customers.get(self.cleaned_data.get("customer"))

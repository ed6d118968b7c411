import uuid

from django import forms
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from core.forms import PhoneField
from core.search import MAX_CRITERION_LENGTH, Capped, SearchText, containing_words

CUSTOMER_HITS = 20


def find_customers(text, exclude=()):
    """Customers whose kundid or name contain every word of `text`, at most
    CUSTOMER_HITS of them; none for no text."""
    if not text.strip():
        return Capped([], False, CUSTOMER_HITS)
    found = containing_words(
        Customer.objects.annotate(
            search=SearchText(Concat("kundid", Value(" "), "name"))
        ).exclude(kundid__in=exclude),
        "search",
        text,
    ).order_by("name", "kundid")[: CUSTOMER_HITS + 1]
    found = list(found)
    return Capped(found[:CUSTOMER_HITS], len(found) > CUSTOMER_HITS, CUSTOMER_HITS)


def chosen_customers(kundids):
    """The customers whose kundid the form sent, that exist, by name."""
    valid = [each for each in kundids if len(each) == 5 and each.isdigit()]
    return list(Customer.objects.filter(kundid__in=valid).order_by("name", "kundid"))


class CustomerSearchForm(forms.Form):
    customer_search = forms.CharField(
        label=_("Sök kund"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        # With JavaScript the hits come as one types; without, by Sök kund.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "hx-get": reverse_lazy("access_request_customers"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#customer-choices",
                "hx-swap": "outerHTML",
                "hx-include": "#customer-choices",
            }
        ),
        help_text=_(
            "Namnet på din enhet eller kommun, eller kundid (fem siffror). "
            "Kryssa sedan i kunderna du ska beställa för."
        ),
    )


class AccessRequestForm(CustomerSearchForm):
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4,
        error_messages={
            "required": _("Formuläret var ofullständigt. Skicka ansökan igen."),
            "invalid": _("Formuläret var ofullständigt. Skicka ansökan igen."),
        },
    )
    first_name = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        label=_("Förnamn"),
        max_length=150,
        error_messages={"required": _("Ange ditt förnamn.")},
    )
    last_name = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        label=_("Efternamn"),
        max_length=150,
        error_messages={"required": _("Ange ditt efternamn.")},
    )
    title = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        label=_("Titel/yrke"),
        max_length=100,
        help_text=_("Till exempel arbetsterapeut, fysioterapeut eller sjuksköterska."),
        error_messages={"required": _("Ange din titel eller ditt yrke.")},
    )
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "work email"}),
        label=_("E-postadress i arbetet"),
        max_length=150,
        help_text=_("Hit skickas länken för att aktivera kontot."),
        error_messages={
            "required": _("Ange din e-postadress i arbetet."),
            "invalid": _("Ange en giltig e-postadress, till exempel namn@region.se."),
        },
    )
    phone = PhoneField(
        widget=forms.TextInput(attrs={"autocomplete": "work tel"}),
        label=_("Telefon i arbetet"),
        error_messages={"required": _("Ange ditt telefonnummer i arbetet.")},
    )
    hsa_id = forms.CharField(
        label=_("HSA-id"),
        required=False,
        max_length=64,
        help_text=_(
            "Om du har ett, till exempel SE2321000222-abcd. Behövs för "
            "inloggning med SITHS-kort."
        ),
    )
    customers = forms.ModelMultipleChoiceField(
        Customer.objects.all(),
        to_field_name="kundid",
        label=_("Kunder"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Välj minst en kund: sök på namnet och kryssa i kunden."),
            "invalid_choice": _("Kunden %(value)s finns inte."),
            "invalid_pk_value": _("Kunden %(pk)s finns inte."),
        },
    )
    manager_email = forms.EmailField(
        label=_("Chefens e-postadress"),
        help_text=_(
            "Din enhetschef, som får ett e-postmeddelande med en länk för att "
            "godkänna ansökan."
        ),
        error_messages={
            "required": _("Ange din chefs e-postadress."),
            "invalid": _("Ange en giltig e-postadress, till exempel namn@region.se."),
        },
    )

    # The customers are chosen in a list of their own (the template's
    # _customers.html), not rendered with the other fields.
    PERSONAL = ["first_name", "last_name", "title", "email", "phone", "hsa_id"]

    def clean_hsa_id(self):
        return "".join(self.cleaned_data["hsa_id"].split())

    def clean(self):
        cleaned_data = super().clean()
        email, manager = cleaned_data.get("email"), cleaned_data.get("manager_email")
        if email and manager and email.lower() == manager.lower():
            self.add_error(
                "manager_email",
                forms.ValidationError(
                    _("Ange din chefs e-postadress, inte din egen."),
                    code="own_email",
                ),
            )
        return cleaned_data

    def submission(self):
        """The keyword arguments of services.submit, but the address."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in [*self.PERSONAL, "token", "manager_email"]},
            "customers": list(data["customers"]),
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("godkann", _("Godkänn")), ("avsla", _("Avslå"))],
        error_messages={"required": _("Välj Godkänn eller Avslå.")},
    )
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Frivillig. Kundtjänst ser den."),
    )

    @property
    def approve(self):
        return self.cleaned_data["decision"] == "godkann"

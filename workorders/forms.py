"""Registrera arbetsorder: Typ av åtgärd, Kund, address, Telefon and
Felbeskrivning. The files go through core's AttachmentForm, checked the
same way as on customer orders. Customer service's charge on a completed
work order (ChargeForm)."""

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aids.choices import AddressChoice
from aids.recipients import address_label, address_sources, chosen_address
from core.forms import PhoneField
from core.vat import VatRate
from orders.forms.delivery import TYPED_ADDRESS, OtherAddressForm

from .choices import KIND_EXPLANATIONS, WorkOrderKind


class WorkOrderForm(OtherAddressForm):
    """`kinds` are the types this aid may get; `customers` those the
    prescriber may order for (a choice only when there are several);
    `recipient` whose address may be fetched."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Typ av åtgärd"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj typ av åtgärd."),
            "invalid_choice": _("Välj en av typerna i listan."),
        },
    )
    customer = forms.ChoiceField(
        label=_("Kund"),
        error_messages={
            "required": _("Välj kund."),
            "invalid_choice": _("Välj en av dina kunder i listan."),
        },
    )
    address_choice = forms.ChoiceField(
        label=_("Hämta adresser från"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj adress."),
            "invalid_choice": _("Välj en av adresserna i listan."),
        },
    )
    phone = PhoneField(
        required=False,
        help_text=_("Till den som ska nås om arbetet, till exempel mottagaren."),
    )
    description = forms.CharField(
        label=_("Felbeskrivning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv en felbeskrivning.")},
        help_text=_(
            "Beskriv felet eller önskad åtgärd så tydligt som möjligt. "
            "Specialanpassning: omfattande beskrivningar, ritningar, foton och "
            "skisser bifogas som filer under Bifoga fil."
        ),
    )

    field_order = ["token", "kind", "customer", "address_choice", *TYPED_ADDRESS]

    def __init__(self, *args, kinds, customers, recipient, phone="", **kwargs):
        self.customers = {str(customer.pk): customer for customer in customers}
        self.recipient = recipient
        only = customers[0] if len(customers) == 1 else None
        choices = [
            (choice, address_label(choice, source))
            for choice, source in address_sources(recipient, only).items()
        ]
        if only is None and customers:
            choices.append(
                (AddressChoice.CUSTOMER, _("Kundens adress (kunden du väljer ovan)"))
            )
        choices.append((AddressChoice.OTHER, _("Annan adress, till exempel en skola")))
        kwargs.setdefault(
            "initial",
            {
                "token": uuid.uuid4(),
                "kind": kinds[0] if len(kinds) == 1 else None,
                "address_choice": choices[0][0],
                "phone": phone,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (
                kind,
                format_html(
                    '<strong>{}</strong> – <span class="text-body-secondary">{}</span>',
                    WorkOrderKind(kind).label,
                    KIND_EXPLANATIONS[kind],
                ),
            )
            for kind in kinds
        ]
        if len(customers) > 1:
            self.fields["customer"].choices = [("", _("– välj kund –"))] + [
                (pk, str(customer)) for pk, customer in self.customers.items()
            ]
        else:
            del self.fields["customer"]
        self.fields["address_choice"].choices = choices

    @property
    def chosen_customer(self):
        if "customer" not in self.fields:
            return next(iter(self.customers.values()), None)
        return self.customers.get(self.cleaned_data.get("customer"))

    def address(self):
        """The chosen Address (aids.recipients.chosen_address)."""
        return chosen_address(
            self.cleaned_data["address_choice"],
            self.recipient,
            self.chosen_customer,
            self.typed_address(),
        )


class WorkOrderSearchForm(forms.Form):
    """Sök arbetsorder: a number or its beginning, or a prescriber's name."""

    q = forms.CharField(
        label=_("Arbetsordernummer eller förskrivare"),
        max_length=100,
        help_text=_(
            "Hela arbetsordernumret eller början av det, t.ex. 2648, eller "
            "förskrivarens namn."
        ),
        error_messages={
            "required": _("Ange ett arbetsordernummer eller en förskrivares namn.")
        },
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if text.isdigit() and len(text) > 8:
            raise ValidationError(
                _("Ett arbetsordernummer har 8 siffror."), code="max_length"
            )
        return text


class AmountField(forms.DecimalField):
    """Kronor and öre as Swedes type them: 1 250,50 (or 1250.50)."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=10,
            decimal_places=2,
            min_value=0,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages={
                "invalid": _("Ange beloppet i kronor, t.ex. 450,00."),
                "min_value": _("Beloppet kan inte vara negativt."),
                "max_decimal_places": _("Ange beloppet med högst två decimaler (öre)."),
                "max_digits": _("Beloppet är för stort."),
                "max_whole_digits": _("Beloppet är för stort."),
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            # Spaces (also non-breaking) group the thousands.
            value = "".join(value.split())
        return super().to_python(value)


class ChargeForm(forms.Form):
    """Debitering: what the work order costs the payer, excluding VAT. The
    fields carry the model's names, so workorders.services' errors land
    next to them."""

    charge_amount = AmountField(
        label=_("Belopp exkl. moms (kr)"),
        required=False,
        help_text=_(
            "Faktureras betalaren för hjälpmedlet den månad arbetsordern "
            "blir klar. Lämna tomt om arbetet inte ska debiteras."
        ),
    )
    charge_text = forms.CharField(
        label=_("Debiteringstext"),
        required=False,
        max_length=200,
        help_text=_("Står på fakturan, t.ex. Byte av bromsvajer, 2 tim."),
        error_messages={"max_length": _("Texten får vara högst 200 tecken.")},
    )
    charge_vat_rate = forms.TypedChoiceField(
        label=_("Momssats"),
        choices=VatRate.choices,
        coerce=Decimal,
        required=False,
        empty_value=VatRate.STANDARD,
        initial=VatRate.STANDARD,
        error_messages={"invalid_choice": _("Välj en av momssatserna i listan.")},
    )

    @classmethod
    def of(cls, work_order, data=None):
        """The form with the work order's charge filled in."""
        return cls(
            data,
            initial={
                "charge_amount": work_order.charge_amount,
                "charge_text": work_order.charge_text,
                "charge_vat_rate": work_order.charge_vat_rate,
            },
        )

    def charge(self):
        """The cleaned charge, for services.change_status and correct_charge."""
        return {name: self.cleaned_data[name] for name in ChargeForm.base_fields}

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from aids.choices import AddressChoice
from aids.recipients import address_label, address_sources
from core.forms import PhoneField

postal_code = RegexValidator(
    r"^\d{3} ?\d{2}\Z",
    _("Ange postnumret med 5 siffror, till exempel 903 25."),
    code="postal_code",
)

# The typed one-off address: form field → the key services.use_address takes.
TYPED_ADDRESS = {
    "other_name": "name",
    "other_street": "street",
    "other_postal_code": "postal_code",
    "other_city": "city",
}
# Step 5's fields kept on the order itself (services.save_delivery).
ORDER_FIELDS = [
    "recipient_phone",
    "delivery_phone",
    "door_code",
    "instructions",
    "joint_delivery",
    "contact_person",
    "other_information",
]


def _address_choices(order):
    """Kundens adress and the recipient's registered one, each shown with its
    address; a patient with protected identity has no address to offer."""
    sources = address_sources(order.recipient, order.customer)
    return [
        *(
            (choice, address_label(choice, sources[choice]))
            for choice in (AddressChoice.CUSTOMER, AddressChoice.RECIPIENT)
            if choice in sources
        ),
        (AddressChoice.OTHER, AddressChoice.OTHER.label),
    ]


class OtherAddressForm(forms.Form):
    """Annan adress: typed for one order only, required when chosen in the
    subclass's `address_choice`. Shared by customer and work orders."""

    other_name = forms.CharField(label=_("Namn/c/o"), required=False, max_length=200)
    other_street = forms.CharField(
        label=_("Gatuadress"), required=False, max_length=200
    )
    other_postal_code = forms.CharField(
        label=_("Postnummer"),
        required=False,
        max_length=6,
        validators=[postal_code],
    )
    other_city = forms.CharField(label=_("Ort"), required=False, max_length=100)

    def clean_other_postal_code(self):
        code = "".join(self.cleaned_data["other_postal_code"].split())
        return f"{code[:3]} {code[3:]}" if code else ""

    def clean(self):
        data = super().clean()
        if data.get("address_choice") == AddressChoice.OTHER:
            for name in TYPED_ADDRESS:
                if not data.get(name, "").strip() and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(
                            _("Ange %(field)s för den andra adressen."),
                            code="required",
                            params={"field": self.fields[name].label.lower()},
                        ),
                    )
        return data

    def typed_address(self):
        """The one-off address, when Annan adress is chosen: name, street,
        postal_code, city."""
        if self.cleaned_data["address_choice"] != AddressChoice.OTHER:
            return None
        return {key: self.cleaned_data[name] for name, key in TYPED_ADDRESS.items()}


class DeliveryForm(OtherAddressForm):
    """Leverans: the recipient's phone, the delivery address and the details
    for the carrier. Initial values come from the draft, and what the draft
    does not have yet from the recipient's saved details (the phone, lacking
    those, from the population register)."""

    recipient_phone = PhoneField(
        required=False, help_text=_("Mottagarens telefonnummer.")
    )
    save_recipient_phone = forms.BooleanField(
        label=_("Spara telefonnumret hos mottagaren"),
        required=False,
        help_text=_("Numret visas då på alla order till mottagaren."),
    )
    address_choice = forms.ChoiceField(
        label=_("Leverera till"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj leveransadress."),
            "invalid_choice": _("Välj en av adresserna i listan."),
        },
    )
    delivery_phone = PhoneField(required=False, help_text=_("Gäller bara denna order."))
    door_code = forms.CharField(
        label=_("Portkod"),
        required=False,
        max_length=50,
        help_text=_(
            "Mottagarens sparade portkod föreslås bara vid leverans till "
            "mottagarens adress."
        ),
    )
    instructions = forms.CharField(
        label=_("Instruktioner"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till transportören, till exempel var leveransen ska lämnas."),
    )
    joint_delivery = forms.BooleanField(
        label=_("Samleverans"),
        required=False,
        help_text=_(
            "Allt på ordern levereras vid samma tillfälle. Avmarkera om du vill "
            "ha delleveranser: då levereras varje rad så snart den kan."
        ),
    )
    contact_person = forms.CharField(
        label=_("Kontaktperson"),
        required=False,
        max_length=200,
        help_text=_(
            "Om Hjälpmedel Västerbotten ska kontakta någon annan än mottagaren "
            "före leveransen: namn och telefon."
        ),
    )
    other_information = forms.CharField(
        label=_("Övrig information"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kompletterande information som har betydelse för leveransen."),
    )
    field_order = [
        "recipient_phone",
        "save_recipient_phone",
        "address_choice",
        *TYPED_ADDRESS,
    ]

    def __init__(self, *args, order, **kwargs):
        self.order = order
        saved = order.recipient.details
        choices = _address_choices(order)
        offered = {value for value, _label in choices}
        own_door = (
            order.address_choice == AddressChoice.RECIPIENT
            and AddressChoice.RECIPIENT in offered
        )
        self.saved_door_code = saved.door_code
        typed = order.address_choice == AddressChoice.OTHER
        kwargs["initial"] = {
            "recipient_phone": order.recipient_phone
            or saved.phone
            or (order.person.phone if order.person else ""),
            "address_choice": order.address_choice
            if order.address_choice in offered
            else choices[0][0],
            "other_name": order.address_name if typed else "",
            "other_street": order.street if typed else "",
            "other_postal_code": order.postal_code if typed else "",
            "other_city": order.city if typed else "",
            "delivery_phone": order.delivery_phone,
            "door_code": order.door_code or (saved.door_code if own_door else ""),
            "instructions": order.instructions or saved.instructions,
            "joint_delivery": order.joint_delivery,
            "contact_person": order.contact_person,
            "other_information": order.other_information,
        }
        super().__init__(*args, **kwargs)
        self.fields["address_choice"].choices = choices

    def clean(self):
        """The recipient's door code opens only the recipient's door: left on
        the form when another address is chosen, it is not sent there."""
        data = super().clean()
        if (
            data.get("address_choice") != AddressChoice.RECIPIENT
            and self.saved_door_code
            and data.get("door_code") == self.saved_door_code
        ):
            data["door_code"] = ""
        return data

    def delivery_fields(self):
        return {name: self.cleaned_data[name] for name in ORDER_FIELDS}


class StoreDeliveryForm(forms.Form):
    """Leverans of a withdrawal or a basket: handed over in the store, so no
    address; the recipient's phone (a basket has no recipient) and other
    information."""

    recipient_phone = DeliveryForm.base_fields["recipient_phone"]
    save_recipient_phone = DeliveryForm.base_fields["save_recipient_phone"]
    other_information = DeliveryForm.base_fields["other_information"]

    def __init__(self, *args, order, **kwargs):
        self.order = order
        self.has_recipient = bool(order.person or order.care_unit)
        initial = {"other_information": order.other_information}
        if self.has_recipient:
            initial["recipient_phone"] = (
                order.recipient_phone
                or order.recipient.details.phone
                or (order.person.phone if order.person else "")
            )
        super().__init__(*args, initial=initial, **kwargs)
        if not self.has_recipient:
            del self.fields["recipient_phone"]
            del self.fields["save_recipient_phone"]

    def clean(self):
        data = super().clean()
        data.setdefault("recipient_phone", "")
        data.setdefault("save_recipient_phone", False)
        return data

    def typed_address(self):
        return None

    def delivery_fields(self):
        return {
            "recipient_phone": self.cleaned_data["recipient_phone"],
            "other_information": self.cleaned_data["other_information"],
        }

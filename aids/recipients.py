"""A recipient of aids: a patient (a person of the population register) or
a care unit (a customer). The pages of both work on this one object."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.models import Customer
from accounts.services import log_access
from core.models import Address
from core.validators import birth_date

from .choices import AddressChoice
from .models import Holding, Person, RecipientDetails

# What URLs carry for a recipient: a care unit's 5-digit code or a person's UUID.
KEY = r"(?P<key>\d{5}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"


def age_on(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class Recipient:
    person: Person | None = None
    care_unit: Customer | None = None

    @property
    def key(self):
        """What the URLs carry: the person's opaque id or the care unit's code."""
        return str(self.person.pk) if self.person else self.care_unit.kundid

    @property
    def name(self):
        return str(self.person or self.care_unit.name)

    @property
    def age(self):
        if not self.person:
            return None
        return age_on(
            birth_date(self.person.personnummer),
            self.person.deceased_on or date.today(),
        )

    @property
    def details(self):
        """The saved phone, door code and instructions, or an unsaved empty
        row; the lookups below fetch them with the recipient."""
        owner = self.person or self.care_unit
        attribute = "details" if self.person else "recipient_details"
        try:
            return getattr(owner, attribute)
        except RecipientDetails.DoesNotExist:
            return RecipientDetails(person=self.person, care_unit=self.care_unit)

    def holdings(self):
        if self.person:
            return Holding.objects.filter(person=self.person)
        return Holding.objects.filter(care_unit=self.care_unit)


def recipient_or_404(user, key):
    """Any user may see a patient (the view is logged); a care unit only its
    authorised prescribers and staff. Shared by the aids and order pages."""
    if len(key) == 5:
        care_units = Customer.objects.select_related("recipient_details")
        if not user.is_staff:
            care_units = care_units.filter(authorisations__user=user)
        return Recipient(care_unit=get_object_or_404(care_units, kundid=key))
    person = get_object_or_404(Person.objects.select_related("details"), pk=key)
    return Recipient(person=person)


def log_view(request, recipient, obj=None, customer=None):
    """Log that a patient's data was shown (a care unit's is not personal),
    for `customer` when the page belongs to a customer's case."""
    if recipient.person:
        log_access(
            access_context(request),
            recipient.person,
            AccessAction.VIEW,
            obj or recipient.person,
            customer=customer,
        )


def address_sources(recipient, customer):
    """The addresses "Hämta adresser från" offers, by choice: the
    recipient's registered one (none for a protected identity, nor for a
    basket loan's missing recipient) and the customer's (none without one)."""
    sources = {}
    owner = recipient.person or recipient.care_unit
    if owner and owner.street and not getattr(owner, "protected_identity", False):
        sources[AddressChoice.RECIPIENT] = Address(
            recipient.name, owner.street, owner.postal_code, owner.city
        )
    if customer is not None:
        sources[AddressChoice.CUSTOMER] = Address(
            customer.name, customer.street, customer.postal_code, customer.city
        )
    return sources


def chosen_address(choice, recipient, customer, typed=None):
    """The Address an order, work order or pickup copies for `choice`: one
    of the address_sources, or for Annan adress the one `typed` (a dict by
    Address's field names). A choice with no source is refused, so a
    protected identity's address is never copied."""
    if choice == AddressChoice.OTHER:
        typed = typed or {}
        return Address(*(typed.get(part, "").strip() for part in Address._fields))
    sources = address_sources(recipient, customer)
    if choice not in sources:
        raise ValidationError(
            _("Mottagaren har ingen adress att hämta från. Skriv in adressen."),
            code="no_address",
        )
    return sources[choice]


def address_label(choice, address):
    """How a form offers a source: "Kundens adress: name, street, place"."""
    return f"{AddressChoice(choice).label}: {address}"


def deceased_refusal(person, message):
    """`message` when the patient (None for a care unit) is deceased, else
    None: nothing more is ordered or repaired for a deceased patient, whose
    aids are fetched with a Hämtorder."""
    return message if person and person.deceased_on else None

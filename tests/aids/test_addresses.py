"""One address service (aids.recipients) for customer orders, work orders and
pickups: which addresses "Hämta adresser från" offers, which one a choice
copies, and how a form shows it."""

import pytest
from django.core.exceptions import ValidationError

from aids.choices import AddressChoice
from aids.recipients import (
    Recipient,
    address_label,
    address_sources,
    chosen_address,
)
from core.models import Address
from orders.services import use_address
from tests.factories import CustomerFactory, DraftOrderFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_recipients_and_the_customers_address():
    person = PersonFactory(first_name="Karin", last_name="Berg")
    customer = CustomerFactory(name="Hemtjänst Söder")

    assert address_sources(Recipient(person=person), customer) == {
        AddressChoice.RECIPIENT: ("Karin Berg", "Skolgatan 12", "903 25", "Umeå"),
        AddressChoice.CUSTOMER: ("Hemtjänst Söder", "Storgatan 1", "903 25", "Umeå"),
    }


def test_a_care_unit_is_its_own_recipient_address():
    care_unit = CustomerFactory(name="Vårdavdelning 3", street="Vårdvägen 3")

    sources = address_sources(Recipient(care_unit=care_unit), None)

    assert sources == {
        AddressChoice.RECIPIENT: ("Vårdavdelning 3", "Vårdvägen 3", "903 25", "Umeå")
    }


def test_no_recipients_address_without_a_street_or_a_recipient():
    customer = CustomerFactory()

    for recipient in (Recipient(person=PersonFactory(street="")), Recipient()):
        assert list(address_sources(recipient, customer)) == [AddressChoice.CUSTOMER]


def test_a_protected_identitys_address_is_neither_offered_nor_copied():
    recipient = Recipient(person=PersonFactory(protected_identity=True))

    assert address_sources(recipient, None) == {}
    with pytest.raises(ValidationError) as refused:
        chosen_address(AddressChoice.RECIPIENT, recipient, None)
    assert refused.value.code == "no_address"


def test_a_typed_address_is_taken_trimmed():
    typed = {"name": "", "street": " Skolvägen 3 ", "postal_code": "903 30"}

    address = chosen_address(AddressChoice.OTHER, Recipient(), None, typed)

    assert address == Address("", "Skolvägen 3", "903 30", "")
    assert str(address) == "Skolvägen 3, 903 30"


def test_a_source_is_shown_with_its_whole_address():
    address = Address("Karin Berg", "Skolgatan 12", "903 25", "Umeå")

    assert (
        address_label(AddressChoice.RECIPIENT, address)
        == "Mottagarens adress: Karin Berg, Skolgatan 12, 903 25 Umeå"
    )


def test_an_order_never_copies_a_protected_identitys_address(prescriber):
    """The form offers no such choice; the service refuses it too, where it
    used to copy the address it was told to."""
    order = DraftOrderFactory(
        prescriber=prescriber, person=PersonFactory(protected_identity=True)
    )

    with pytest.raises(ValidationError):
        use_address(order, AddressChoice.RECIPIENT)

    use_address(order, AddressChoice.CUSTOMER)
    assert order.postal_address == (
        order.customer.name,
        "Storgatan 1",
        "903 25",
        "Umeå",
    )

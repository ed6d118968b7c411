"""Step 5, the delivery details: the customer and the address, the
delivery fields, and the files attached to an order."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aids.choices import AddressChoice
from aids.recipients import chosen_address
from aids.services import save_recipient_details

from ..choices import OrderStatus
from ..models import Order, OrderAttachment
from .rules import _check_draft
from .stores import check_store_customer


def choose_customer(order, customer):
    """The customer sets the default payer and the proposed address."""
    check_store_customer(order, customer)
    order.customer = customer
    order.payer = customer.default_payer
    use_address(order, AddressChoice.CUSTOMER)
    order.save()


def use_address(order, choice, typed=None):
    """Set the delivery address: the customer's, the recipient's, or one
    typed for this order only (`typed`: name, street, postal_code, city)."""
    order.address_choice = choice
    order.postal_address = chosen_address(
        choice, order.recipient, order.customer, typed
    )


@transaction.atomic
def save_delivery(order, **fields):
    """Step 5's fields (phone, door code, instructions, samleverans, contact
    person, other information) on the draft. The row is locked and checked
    again: a draft executed meanwhile (another tab, a double click) must not
    be saved back over as a draft."""
    _check_draft(Order.objects.select_for_update().only("status").get(pk=order.pk))
    for name, value in fields.items():
        setattr(order, name, value)
    order.save()


def save_delivery_step(
    order, context, address, fields, attachments=(), recipient_phone=None
):
    """Step 5 saved together or not at all: the address (`address`: the
    choice and the typed address or None), the delivery `fields`, the
    attached files (upload, file type pairs) and, when the prescriber asked
    for it, `recipient_phone` as the recipient's saved phone (checked and
    access-logged for the order's customer by aids.services). `context` is
    the prescriber's accounts.access.AccessContext."""
    with transaction.atomic():
        choice, typed = address
        use_address(order, choice, typed)
        save_delivery(order, **fields)
        if recipient_phone is not None:
            saved = order.recipient.details
            save_recipient_details(
                context,
                order.recipient,
                phone=recipient_phone,
                door_code=saved.door_code,
                instructions=saved.instructions,
                customer=order.customer,
            )
        for upload, file_type in attachments:
            attach_file(order, upload, context.user, file_type)


def check_attachable(order):
    """A cancelled order takes no more files."""
    if order.status == OrderStatus.CANCELLED:
        raise ValidationError(
            _("Ordern är makulerad. Det går inte att bifoga filer till den."),
            code="cancelled",
        )


def attach_file(order, upload, user, file_type):
    """Store a checked upload (core.uploads.check_attachment) under a
    generated name."""
    check_attachable(order)
    return OrderAttachment.store(upload, user, file_type, order=order)

"""State changes of the aids app: recipients' details."""

from django.db import transaction

from accounts.choices import AccessAction
from accounts.services import log_access

from .models import RecipientDetails


@transaction.atomic
def save_recipient_details(
    request, recipient, *, phone, door_code, instructions, customer=None
):
    """Save a patient's or care unit's phone, door code and instructions.
    The audit trail records the change; a patient's change is access-logged,
    for `customer` when it is made on a customer's order."""
    details, _created = RecipientDetails.objects.update_or_create(
        person=recipient.person,
        care_unit=recipient.care_unit,
        defaults={"phone": phone, "door_code": door_code, "instructions": instructions},
    )
    if recipient.person:
        log_access(
            request, recipient.person, AccessAction.CHANGE, details, customer=customer
        )
    return details

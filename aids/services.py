"""State changes of the aids app: recipients' details and confirmed care
relationships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.choices import AccessAction
from accounts.services import log_access

from .care import has_care_relationship
from .models import CareConfirmation, RecipientDetails, session_digest

NO_CARE_RELATIONSHIP = _(
    "Mottagarens uppgifter kan bara ändras av den som har en vårdrelation med "
    "patienten. Öppna patientens hjälpmedel och bekräfta vårdrelationen först."
)


@transaction.atomic
def save_recipient_details(
    context, recipient, *, phone, door_code, instructions, customer=None
):
    """Save a patient's or care unit's phone, door code and instructions.
    A patient's need a care relationship of context.user (in context's
    session). The audit trail records the change; a patient's change is
    access-logged, for `customer` when it is made on a customer's order."""
    person = recipient.person
    if person and not has_care_relationship(context.user, person, context.session_key):
        raise ValidationError(NO_CARE_RELATIONSHIP, code="care_relationship")
    details, _created = RecipientDetails.objects.update_or_create(
        person=recipient.person,
        care_unit=recipient.care_unit,
        defaults={"phone": phone, "door_code": door_code, "instructions": instructions},
    )
    if recipient.person:
        log_access(context, person, AccessAction.CHANGE, details, customer=customer)
    return details


def confirm_care_relationship(user, person, *, reason, note="", session_key):
    """Record that `user` has a care relationship with `person`: it opens
    the patient's pages for the session `session_key`."""
    if not session_key:
        raise ValueError("A care relationship is confirmed for a session.")
    return CareConfirmation.objects.create(
        user=user,
        person=person,
        reason=reason,
        note=note,
        session=session_digest(session_key),
    )

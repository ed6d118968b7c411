"""State changes of the aids app: recipients' details, confirmed care
relationships, and the individuals and history an import of held aids
records."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.choices import AccessAction
from accounts.services import log_access
from core import audit

from .care import has_care_relationship
from .choices import HistoryKind, IndividualLocation
from .models import (
    CareConfirmation,
    Individual,
    IndividualHistory,
    RecipientDetails,
    session_digest,
)

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


# An import writes a whole file in one transaction and an error undoes all
# of it: these add no savepoint (two round trips each) of their own.
@transaction.atomic(savepoint=False)
def place_individuals_at_recipients(new, *, placed=(), batch_size):
    """Register the `new` individuals (individual number -> article) at
    their recipients and move the stored ones with the pks in `placed` out
    of their warehouse to theirs: the units of imported holdings. Returns
    the new individuals' pks, in the order of `new`."""
    pks = audit.bulk_insert(
        Individual,
        ["individual_no", "article_id", "location"],
        [
            (number, article.pk, IndividualLocation.AT_RECIPIENT)
            for number, article in new.items()
        ],
        batch_size=batch_size,
    )
    Individual.objects.filter(pk__in=placed).update(
        location=IndividualLocation.AT_RECIPIENT, warehouse=None
    )
    return pks


@transaction.atomic(savepoint=False)
def record_deliveries(events, *, removed=(), batch_size):
    """The "delivered" history of imported holdings: one row for each event
    (individual, date, person, care unit) in `events`, and the rows with
    the pks in `removed`, events a corrected holding no longer has, gone."""
    IndividualHistory.objects.filter(pk__in=removed).delete()
    audit.bulk_insert(
        IndividualHistory,
        ["individual_id", "happened_on", "person_id", "care_unit_id", "kind"],
        [(*event, HistoryKind.DELIVERED) for event in events],
        batch_size=batch_size,
    )

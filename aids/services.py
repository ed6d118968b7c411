"""State changes of the aids app: recipients' details, confirmed care
relationships, the individuals and history an import of held aids
records, and lost-aid reports (Borttappat hjälpmedel)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import AccessAction
from accounts.services import log_access
from core import audit
from core.language import in_language_of
from core.numbering import case_number
from notices.models import MessageKind
from notices.services import notify

from .care import has_care_relationship
from .choices import (
    LOST_TRANSITIONS,
    HistoryKind,
    IndividualLocation,
    LostReportStatus,
)
from .models import (
    CareConfirmation,
    Holding,
    Individual,
    IndividualHistory,
    LostReport,
    LostReportCounter,
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


# Borttappat hjälpmedel. Each report and decision is one transaction that
# locks the aid (and the report), so the aid's lost_on, the report's status
# and the individual's history always change together.


def _next_lost_number(on):
    """BH, the ISO week and a serial of the reports' own series."""
    return case_number(LostReportCounter, "BH", on)


def _lost_history(holding, kind, day, report):
    """The individual's history row (an aid without individual marking has
    no history): at the aid's recipient, naming the case."""
    if holding.individual_id:
        IndividualHistory.objects.create(
            individual_id=holding.individual_id,
            happened_on=day,
            kind=kind,
            person_id=holding.person_id,
            care_unit_id=holding.care_unit_id,
            note=str(report),
        )


def _date_refusal(day, holding):
    """Why `day` cannot be when the aid was lost or found, or None."""
    if day > timezone.localdate():
        return _("Datumet kan inte vara senare än i dag.")
    if holding.delivered_on and day < holding.delivered_on:
        return _("Datumet kan inte vara före leveransdatum %(date)s.") % {
            "date": holding.delivered_on.isoformat()
        }
    return None


@transaction.atomic
def report_lost(
    user, holding, *, customer, lost_on, circumstances, police_report_no=""
):
    """Report a delivered, not returned aid lost from `lost_on`, as a case
    of `customer` (one of the user's): a case number of its own series, the
    aid marked lost from that date and the individual's history. A second
    report of the same aid (a double submit) is refused with code
    "already_reported"; the lock makes it wait for the first."""
    held = Holding.objects.select_for_update().get(pk=holding.pk)
    if held.lost_on is not None:
        raise ValidationError(
            _("Hjälpmedlet är redan anmält borttappat."), code="already_reported"
        )
    if held.returned_on or not held.delivered_on:
        raise ValidationError(
            _(
                "Bara ett levererat hjälpmedel som inte är återlämnat kan anmälas "
                "borttappat."
            ),
            code="not_held",
        )
    errors = {}
    if not user.is_staff and not user.authorisations.filter(customer=customer).exists():
        errors["customer"] = _("Välj en av dina kunder i listan.")
    if refusal := _date_refusal(lost_on, held):
        errors["lost_on"] = refusal
    if not circumstances.strip():
        errors["circumstances"] = _("Beskriv omständigheterna.")
    if errors:
        raise ValidationError(errors)
    report = LostReport.objects.create(
        number=_next_lost_number(timezone.localdate()),
        holding=held,
        customer=customer,
        lost_on=lost_on,
        circumstances=circumstances.strip(),
        police_report_no=police_report_no.strip(),
        reported_by=user,
    )
    held.lost_on = lost_on
    held.save(update_fields=["lost_on"])
    _lost_history(held, HistoryKind.LOST, lost_on, report)
    return report


def _locked_report(report, to):
    """The report and its aid, locked, if the report may move to `to`."""
    locked = (
        LostReport.objects.select_for_update(of=("self",))
        .select_related("reported_by")
        .get(pk=report.pk)
    )
    if to not in LOST_TRANSITIONS[LostReportStatus(locked.status)]:
        raise ValidationError(
            _("Ärende %(number)s är %(status)s och kan inte bli %(to)s.")
            % {
                "number": locked.number,
                "status": locked.get_status_display().lower(),
                "to": LostReportStatus(to).label.lower(),
            },
            code="transition",
        )
    locked.holding = (
        Holding.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=locked.holding_id)
    )
    return locked


def _decided(report, subject, body):
    """The reporting prescriber's personal message about a decision."""
    notify(
        report.reported_by,
        subject % {"number": report.number},
        body,
        about=report,
        kind=MessageKind.LOST_REPORT_DECIDED,
    )


def _aid(holding):
    return f"{holding.article.article_no} {holding.article.name}"


@transaction.atomic
def confirm_lost(user, report, *, answer=""):
    """Customer service confirms the loss: the aid stays lost from the
    reported date (no rent from then on)."""
    report = _locked_report(report, LostReportStatus.CONFIRMED)
    report.status = LostReportStatus.CONFIRMED
    report.handled_by = user
    report.handled_at = timezone.now()
    report.answer = answer.strip()
    report.save(update_fields=["status", "handled_by", "handled_at", "answer"])
    _lost_history(
        report.holding, HistoryKind.LOST_CONFIRMED, timezone.localdate(), report
    )
    with in_language_of(report.reported_by):
        body = _(
            "Anmälan om borttappat hjälpmedel %(aid)s är bekräftad. Hyran "
            "debiteras inte från %(date)s."
        ) % {"aid": _aid(report.holding), "date": report.lost_on.isoformat()}
        _decided(
            report,
            _("Borttappat hjälpmedel %(number)s är bekräftat"),
            f"{body}\n\n{report.answer}".strip(),
        )
    return report


@transaction.atomic
def reject_lost(user, report, *, answer=""):
    """Customer service rejects the report: the aid is held again as before
    (lost_on cleared, rent as before), and its history says so."""
    report = _locked_report(report, LostReportStatus.REJECTED)
    report.status = LostReportStatus.REJECTED
    report.handled_by = user
    report.handled_at = timezone.now()
    report.answer = answer.strip()
    report.save(update_fields=["status", "handled_by", "handled_at", "answer"])
    _restore(report.holding)
    _lost_history(
        report.holding, HistoryKind.LOST_REJECTED, timezone.localdate(), report
    )
    with in_language_of(report.reported_by):
        body = _(
            "Anmälan om borttappat hjälpmedel %(aid)s är avslagen. Hjälpmedlet "
            "räknas som utlämnat till mottagaren som förut."
        ) % {"aid": _aid(report.holding)}
        _decided(
            report,
            _("Borttappat hjälpmedel %(number)s är avslaget"),
            f"{body}\n\n{report.answer}".strip(),
        )
    return report


@transaction.atomic
def report_found(user, report, *, found_on):
    """The prescriber reports a lost aid found, before or after the loss was
    confirmed: the case is reopened as Återfunnen and the aid is held again
    (rent from then on, as invoicing reads lost_on)."""
    report = _locked_report(report, LostReportStatus.FOUND)
    refusal = _date_refusal(found_on, report.holding)
    if refusal is None and found_on < report.lost_on:
        refusal = _(
            "Datumet kan inte vara före datumet då det tappades bort, %(date)s."
        ) % {"date": report.lost_on.isoformat()}
    if refusal:
        raise ValidationError({"found_on": refusal})
    report.status = LostReportStatus.FOUND
    report.found_on = found_on
    report.found_reported_by = user
    report.save(update_fields=["status", "found_on", "found_reported_by"])
    _restore(report.holding)
    _lost_history(report.holding, HistoryKind.FOUND, found_on, report)
    return report


def _restore(holding):
    holding.lost_on = None
    holding.save(update_fields=["lost_on"])

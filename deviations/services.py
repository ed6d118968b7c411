"""Deviations (F-21): a prescriber registers one, with its number from its
own series, and customer service assigns, answers and moves it along its
statuses. Each function is one transaction; they raise ValidationError with
a Swedish message (and a code naming the field) when refused."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.language import in_language_of
from core.numbering import case_number
from core.tokens import made_with_token
from notices.models import MessageKind
from notices.services import notify

from .choices import FINISHED_STATUSES, TRANSITIONS, DeviationCategory, DeviationStatus
from .models import (
    Deviation,
    DeviationAttachment,
    DeviationCounter,
    DeviationStatusChange,
)


def _about(holding, order_line, individual, article):
    """The article, individual and recipient the deviation is about, from
    the most specific of what it was reported from. From an individual card
    it is the individual alone: whoever has it now is not asked for."""
    if holding is not None:
        return {
            "article_id": holding.article_id,
            "holding": holding,
            "individual_id": holding.individual_id,
            "order_line": order_line,
            "person_id": holding.person_id,
            "care_unit_id": holding.care_unit_id,
        }
    if order_line is not None:
        # A basket loan's lines each went to their own patient.
        owner = order_line.holding if order_line.holding_id else order_line.order
        return {
            "article_id": order_line.article_id,
            "holding_id": order_line.holding_id,
            "individual_id": order_line.individual_id,
            "order_line": order_line,
            "person_id": owner.person_id,
            "care_unit_id": owner.care_unit_id,
        }
    if individual is not None:
        return {"article_id": individual.article_id, "individual_id": individual.pk}
    if article is None:
        raise ValidationError(
            _("Ange vilken artikel avvikelsen gäller."), code="article"
        )
    return {"article_id": article.pk}


def _check_new(user, customer, category, description, occurred_on, holding):
    if customer is None or not user.authorisations.filter(customer=customer).exists():
        raise ValidationError(
            _("Välj en av kunderna du är förskrivare för."), code="customer"
        )
    if category not in DeviationCategory.values:
        raise ValidationError(_("Välj kategori."), code="category")
    if not description.strip():
        raise ValidationError(_("Beskriv avvikelsen: vad hände?"), code="description")
    if occurred_on > timezone.localdate():
        raise ValidationError(
            _("Händelsedatum kan inte vara i framtiden."), code="occurred_on"
        )
    if holding is not None and holding.delivered_on is None:
        raise ValidationError(
            _(
                "Hjälpmedlet är inte levererat. Rapportera avvikelsen från "
                "orderraden i stället."
            ),
            code="holding",
        )


def create_deviation(
    *,
    token,
    user,
    customer,
    category,
    injury,
    description,
    occurred_on,
    holding=None,
    order_line=None,
    individual=None,
    article=None,
    files=(),
):
    """Register a deviation about an aid (`holding`, held or returned), a
    line of an order, an individual, or an article alone. `token` (the form's) becomes its
    id: a repeated POST returns the deviation already made, never a second
    one. `files` are pairs of a checked upload and its type."""
    about = _about(holding, order_line, individual, article)
    if existing := made_with(token, user, about["article_id"]):
        return existing
    _check_new(user, customer, category, description, occurred_on, holding)
    try:
        with transaction.atomic():
            deviation = Deviation.objects.create(
                id=token,
                number=case_number(DeviationCounter, "A"),
                category=category,
                injury=injury,
                description=description.strip(),
                occurred_on=occurred_on,
                prescriber=user,
                customer=customer,
                **about,
            )
            DeviationStatusChange.objects.create(
                deviation=deviation, status=DeviationStatus.REGISTERED, changed_by=user
            )
            for upload, file_type in files:
                attach_file(deviation, upload, user, file_type)
    except IntegrityError:
        # The same token committed by a simultaneous POST (a double click):
        # the number given here went back with the rollback.
        if existing := made_with(token, user, about["article_id"]):
            return existing
        raise
    return deviation


def made_with(token, user, article_id):
    """The deviation the same form registered before, if any; a token that
    is the id of anyone else's deviation, or of one about another article,
    is refused without a word about it."""
    return made_with_token(
        Deviation.objects,
        token,
        _(
            "Formuläret har redan skickats. Kontrollera uppgifterna och "
            "klicka på Verkställ igen."
        ),
        prescriber_id=user.pk,
        article_id=article_id,
    )


def attach_file(deviation, upload, user, file_type):
    return DeviationAttachment.store(upload, user, file_type, deviation=deviation)


def can_change(deviation, status):
    return status in TRANSITIONS[deviation.status]


# What handle() leaves as it is unless given.
KEEP = object()


def handle(
    deviation,
    user,
    *,
    status=None,
    handler=KEEP,
    answer=KEEP,
    supplier_reference=KEEP,
):
    """Customer service's save of a deviation: its handler, answer and the
    supplier's complaint reference, and a new status when `status` is given
    (only along TRANSITIONS). The prescriber gets a personal message when
    the status or the answer changes: one message for one save."""
    if handler not in (KEEP, None) and not handler.is_staff:
        raise ValidationError(
            _("Handläggaren måste vara en användare på kundtjänst."), code="handler"
        )
    with transaction.atomic():
        deviation = (
            Deviation.objects.select_for_update(of=("self",))
            .select_related("prescriber", "article")
            .get(pk=deviation.pk)
        )
        moved = status is not None and status != deviation.status
        if moved and not can_change(deviation, status):
            raise ValidationError(
                _("Avvikelse %(number)s kan inte gå från %(old)s till %(new)s.")
                % {
                    "number": deviation.number,
                    "old": deviation.get_status_display().lower(),
                    "new": DeviationStatus(status).label.lower(),
                },
                code="status",
            )
        answered = answer is not KEEP and answer.strip() != deviation.answer
        if handler is not KEEP:
            deviation.handler = handler
        if answer is not KEEP:
            deviation.answer = answer.strip()
        if supplier_reference is not KEEP:
            deviation.supplier_reference = supplier_reference.strip()
        now = timezone.now()
        if moved:
            deviation.status = status
            if status in FINISHED_STATUSES:
                deviation.finished_at = now
            DeviationStatusChange.objects.create(
                deviation=deviation, status=status, changed_at=now, changed_by=user
            )
        deviation.save(
            update_fields=[
                "handler",
                "answer",
                "supplier_reference",
                "status",
                "finished_at",
            ]
        )
        if moved or (answered and deviation.answer):
            _notify(deviation, moved)
    return deviation


def change_status(deviation, status, user):
    """Move the deviation to `status`, nothing else changed."""
    return handle(deviation, user, status=status)


def _notify(deviation, moved):
    with in_language_of(deviation.prescriber):
        params = {
            "number": deviation.number,
            "article": deviation.article.article_no,
            "status": deviation.get_status_display().lower(),
        }
        if moved:
            subject = _("Avvikelse %(number)s: %(status)s") % params
            body = _("Avvikelse %(number)s (artikel %(article)s) är nu %(status)s.")
        else:
            subject = _("Avvikelse %(number)s: svar från kundtjänst") % params
            body = _(
                "Kundtjänst har svarat på avvikelse %(number)s (artikel %(article)s)."
            )
        text = body % params
        if deviation.answer:
            text += "\n\n" + _("Svar från kundtjänst:") + "\n" + deviation.answer
        notify(
            deviation.prescriber,
            subject,
            text,
            about=deviation,
            kind=MessageKind.DEVIATION_CHANGED,
        )

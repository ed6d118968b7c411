"""Begäran om artikel utanför sortimentet: a prescriber sends one, the
consultant decides it (Beviljad, Avslagen, Använd i stället) and the
prescriber is told; a granted request lets the order flow (orders) take the
article for that recipient once. Each function is one transaction and
raises ValidationError with a Swedish message when it cannot be done."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aids.recipients import deceased_refusal
from core.language import in_language_of
from core.numbering import case_number
from core.tokens import made_with_token
from notices.models import MessageKind
from notices.services import notify

from .choices import TRANSITIONS, RequestStatus
from .models import OutsideRequest, OutsideRequestAttachment, RequestCounter

DECEASED = gettext_lazy(
    "Patienten är avliden. Begäran kan inte skickas; använd Hämtorder för att "
    "hämta hjälpmedlen."
)
MAX_QUANTITY = 99


def next_number(on=None):
    """U, the ISO week (YYWW) and a 4-digit serial of the requests' own
    series, e.g. U26490001."""
    return case_number(RequestCounter, "U", on)


def _check_new(user, recipient, customer, article, description, quantity, reason):
    if refusal := deceased_refusal(recipient.person, DECEASED):
        raise ValidationError(refusal, code="deceased")
    if not user.authorisations.filter(customer=customer).exists():
        raise ValidationError(
            _("Du har ingen behörighet att beställa för kunden %(customer)s."),
            code="customer",
            params={"customer": customer},
        )
    if article is not None and article.in_assortment:
        raise ValidationError(
            _(
                "Artikel %(number)s ingår i sortimentet. Beställ den som vanligt "
                "i stället."
            ),
            code="in_assortment",
            params={"number": article.article_no},
        )
    if article is None and not description.strip():
        raise ValidationError(
            _("Ange artikelnummer eller beskriv artikeln du vill ha."),
            code="no_article",
        )
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            _("Antal ska vara ett heltal från 1 till %(max)s."),
            code="quantity",
            params={"max": MAX_QUANTITY},
        )
    if not reason.strip():
        raise ValidationError(
            _("Skriv varför ingen artikel i sortimentet passar."), code="reason"
        )


def submit_request(
    *,
    token,
    user,
    recipient,
    customer,
    reason,
    article=None,
    description="",
    supplier="",
    quantity=1,
    files=(),
):
    """Send a request for `recipient` (aids.recipients.Recipient) through
    `customer`, one of the user's. `token` (the form's) becomes its id: a
    repeated POST returns the request already sent, never a second one.
    `files` are pairs of a checked upload and its type."""
    if existing := _made_with(token, user, recipient):
        return existing
    _check_new(user, recipient, customer, article, description, quantity, reason)
    try:
        with transaction.atomic():
            outside_request = OutsideRequest.objects.create(
                id=token,
                number=next_number(),
                prescriber=user,
                customer=customer,
                person=recipient.person,
                care_unit=recipient.care_unit,
                article=article,
                description=description.strip(),
                supplier=supplier.strip(),
                quantity=quantity,
                reason=reason.strip(),
            )
            for upload, file_type in files:
                attach_file(outside_request, upload, user, file_type)
    except IntegrityError:
        # The same token committed by a simultaneous POST (a double click):
        # the number given here went back with the rollback.
        if existing := _made_with(token, user, recipient):
            return existing
        raise
    return outside_request


def _made_with(token, user, recipient):
    return made_with_token(
        OutsideRequest.objects,
        token,
        _(
            "Formuläret har redan skickats. Kontrollera uppgifterna och klicka "
            "på Verkställ igen."
        ),
        prescriber_id=user.pk,
        person_id=recipient.person and recipient.person.pk,
        care_unit_id=recipient.care_unit and recipient.care_unit.pk,
    )


def attach_file(outside_request, upload, user, file_type):
    return OutsideRequestAttachment.store(
        upload, user, file_type, outside_request=outside_request
    )


def can_decide(outside_request, status):
    return status in TRANSITIONS[outside_request.status]


def _refuse_decision(outside_request, status):
    raise ValidationError(
        _("Begäran %(number)s kan inte gå från %(old)s till %(new)s.")
        % {
            "number": outside_request.number,
            "old": outside_request.get_status_display().lower(),
            "new": RequestStatus(status).label.lower(),
        },
        code="transition",
    )


def _check_decision(status, note, article, instead):
    if status == RequestStatus.GRANTED and article is None:
        raise ValidationError(
            _(
                "Välj artikeln som beviljas: begäran beskriver en artikel som "
                "inte finns i varukatalogen."
            ),
            code="article",
        )
    if status == RequestStatus.GRANTED and article.in_assortment:
        raise ValidationError(
            _(
                "Artikel %(number)s ingår i sortimentet och beställs som vanligt: "
                "välj Använd i stället."
            ),
            code="article",
            params={"number": article.article_no},
        )
    if status == RequestStatus.REFUSED and not note.strip():
        raise ValidationError(_("Skriv varför begäran avslås."), code="note")
    if status == RequestStatus.INSTEAD and (
        instead is None or not instead.in_assortment
    ):
        raise ValidationError(
            _("Välj en artikel i sortimentet att använda i stället."),
            code="instead",
        )


def decide(outside_request, status, user, note="", article=None, instead=None):
    """The consultant's decision: Beviljad (the request's article, or
    `article` when it only described one), Avslagen (`note` says why) or
    Använd i stället (`instead`, an article in the assortment). Decided
    once; the prescriber gets a personal message."""
    with transaction.atomic():
        outside_request = (
            OutsideRequest.objects.select_for_update(of=("self",))
            .select_related("prescriber", "article")
            .get(pk=outside_request.pk)
        )
        if not can_decide(outside_request, status):
            _refuse_decision(outside_request, status)
        if status == RequestStatus.GRANTED:
            article = outside_request.article or article
        _check_decision(status, note, article, instead)
        outside_request.status = status
        outside_request.decided_at = timezone.now()
        outside_request.decided_by = user
        outside_request.decision_note = note.strip()
        if status == RequestStatus.GRANTED:
            outside_request.article = article
        outside_request.instead = instead if status == RequestStatus.INSTEAD else None
        outside_request.save(
            update_fields=[
                "status",
                "decided_at",
                "decided_by",
                "decision_note",
                "article",
                "instead",
            ]
        )
        _notify(outside_request)
    return outside_request


SUBJECTS = {
    RequestStatus.GRANTED: gettext_lazy("Begäran %(number)s är beviljad"),
    RequestStatus.REFUSED: gettext_lazy("Begäran %(number)s är avslagen"),
    RequestStatus.INSTEAD: gettext_lazy(
        "Begäran %(number)s: använd en artikel i sortimentet"
    ),
}


def _notify(outside_request):
    with in_language_of(outside_request.prescriber):
        params = {
            "number": outside_request.number,
            "wanted": outside_request.wanted,
            "instead": outside_request.instead,
        }
        if outside_request.status == RequestStatus.GRANTED:
            body = _(
                "Hjälpmedelskonsulenten har beviljat %(wanted)s. Artikeln kan nu "
                "beställas en gång för samma mottagare: lägg till den på en "
                "beställning som vanligt."
            )
        elif outside_request.status == RequestStatus.REFUSED:
            body = _("Hjälpmedelskonsulenten har avslagit begäran om %(wanted)s.")
        else:
            body = _(
                "Hjälpmedelskonsulenten föreslår %(instead)s ur sortimentet i "
                "stället för %(wanted)s. Beställ den som vanligt."
            )
        text = body % params
        if outside_request.decision_note:
            text += "\n\n" + outside_request.decision_note
        notify(
            outside_request.prescriber,
            SUBJECTS[outside_request.status] % params,
            text,
            about=outside_request,
            kind=MessageKind.OUTSIDE_REQUEST_DECIDED,
        )


def granted_request(person, care_unit, article):
    """The recipient's granted, unused request for `article`, or None: what
    lets the order flow take an article outside the assortment."""
    return (
        OutsideRequest.objects.granted_unused(person, care_unit, article)
        .order_by("created_at")
        .first()
    )


def use_request(outside_request_id, quantity, order_number):
    """Mark the request used by the executed order `order_number`, inside
    the order's transaction: locked, so two orders executed at once cannot
    both use it. Refused when it was used meanwhile or `quantity` is more
    than was granted."""
    outside_request = OutsideRequest.objects.select_for_update().get(
        pk=outside_request_id
    )
    if outside_request.status != RequestStatus.GRANTED or outside_request.used_at:
        raise ValidationError(
            _(
                "Begäran %(number)s är redan använd för en annan order. Ta bort "
                "raden eller skicka en ny begäran."
            ),
            code="request_used",
            params={"number": outside_request.number},
        )
    if quantity > outside_request.quantity:
        raise ValidationError(
            _("Begäran %(number)s gäller %(granted)s st, men ordern har %(quantity)s."),
            code="request_quantity",
            params={
                "number": outside_request.number,
                "granted": outside_request.quantity,
                "quantity": quantity,
            },
        )
    outside_request.used_at = timezone.now()
    outside_request.order_number = order_number
    outside_request.save(update_fields=["used_at", "order_number"])
    return outside_request


def release_request(outside_request_id):
    """The order that used the request was cancelled: the grant may be
    ordered again."""
    OutsideRequest.objects.filter(pk=outside_request_id).update(
        used_at=None, order_number=""
    )

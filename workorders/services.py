"""Work orders (F-13): registering one with its number from the customer
orders' series, and customer service moving it along its statuses (F-18).
Each function is one transaction; they raise ValidationError with a Swedish
message when the work order cannot be made or moved."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aids.choices import HistoryKind
from aids.models import IndividualHistory
from aids.recipients import deceased_refusal
from core.tokens import made_with_token
from notices.models import MessageKind
from notices.services import notify
from orders.numbering import next_number

from .choices import TRANSITIONS, WorkOrderKind, WorkOrderStatus
from .models import WorkOrder, WorkOrderAttachment, WorkOrderStatusChange

DECEASED = gettext_lazy(
    "Patienten är avliden. Arbetsorder kan inte registreras; använd Hämtorder "
    "för att hämta hjälpmedlen."
)


def _check_new(user, holding, kind, customer, order_line, address, description):
    if refusal := deceased_refusal(holding.person, DECEASED):
        raise ValidationError(refusal, code="deceased")
    if not user.authorisations.filter(customer=customer).exists():
        raise ValidationError(
            _("Du har ingen behörighet att beställa för kunden %(customer)s."),
            code="customer",
            params={"customer": customer},
        )
    if holding.returned_on is not None:
        raise ValidationError(
            _("Hjälpmedlet är återlämnat och kan inte få någon arbetsorder."),
            code="returned",
        )
    if (kind == WorkOrderKind.WITH_ORDER) != (order_line is not None):
        raise ValidationError(
            _(
                "Arbetsorder kopplad till kundorder skapas från en rad på en "
                "verkställd kundorder; övriga typer från ett levererat hjälpmedel."
            ),
            code="kind",
        )
    if not address[1].strip() or not address[3].strip():
        raise ValidationError(_("Ange adress med gatuadress och ort."), code="address")
    if not description.strip():
        raise ValidationError(_("Skriv en felbeskrivning."), code="description")


def create_work_order(
    *,
    token,
    user,
    holding,
    kind,
    customer,
    address_choice,
    address,
    phone="",
    description,
    files=(),
    order_line=None,
):
    """Register a work order for the holding's recipient, article and
    individual. `token` (the form's) becomes its id: a repeated POST returns
    the work order already made, never a second one. `address` is (name,
    street, postal code, city); `files` pairs of a checked upload and its
    type."""
    if existing := _made_with(token, user, holding):
        return existing
    _check_new(user, holding, kind, customer, order_line, address, description)
    try:
        with transaction.atomic():
            work_order = WorkOrder.objects.create(
                id=token,
                number=next_number(),
                kind=kind,
                prescriber=user,
                customer=customer,
                person=holding.person,
                care_unit=holding.care_unit,
                holding=holding,
                article_id=holding.article_id,
                individual_id=holding.individual_id,
                order_line=order_line,
                address_choice=address_choice,
                postal_address=address,
                phone=phone,
                description=description.strip(),
            )
            WorkOrderStatusChange.objects.create(
                work_order=work_order,
                status=WorkOrderStatus.REGISTERED,
                changed_by=user,
            )
            for upload, file_type in files:
                attach_file(work_order, upload, user, file_type)
    except IntegrityError:
        # The same token committed by a simultaneous POST (a double click):
        # the number given here went back with the rollback.
        if existing := _made_with(token, user, holding):
            return existing
        raise
    return work_order


def _made_with(token, user, holding):
    """The work order the same form registered before, if any; a token that
    is the id of anyone else's work order, or of one for another aid, is
    refused without a word about it."""
    return made_with_token(
        WorkOrder.objects,
        token,
        _(
            "Formuläret har redan skickats. Kontrollera uppgifterna och "
            "klicka på Verkställ igen."
        ),
        prescriber_id=user.pk,
        holding_id=holding.pk,
    )


def attach_file(work_order, upload, user, file_type):
    return WorkOrderAttachment.store(upload, user, file_type, work_order=work_order)


def can_change(work_order, status):
    return status in TRANSITIONS[work_order.status]


def change_status(work_order, status, user, note=""):
    """Move the work order to `status` along an allowed transition, with a
    row in its history. Completing or cancelling tells the prescriber in a
    personal message; completing also records the repair or adaptation in
    the individual's history."""
    with transaction.atomic():
        work_order = (
            WorkOrder.objects.select_for_update(of=("self",))
            .select_related("prescriber", "article")
            .get(pk=work_order.pk)
        )
        if not can_change(work_order, status):
            raise ValidationError(
                _("Arbetsorder %(number)s kan inte gå från %(old)s till %(new)s.")
                % {
                    "number": work_order.number,
                    "old": work_order.get_status_display().lower(),
                    "new": WorkOrderStatus(status).label.lower(),
                },
                code="transition",
            )
        now = timezone.now()
        work_order.status = status
        if status == WorkOrderStatus.COMPLETED:
            work_order.completed_at = now
        work_order.save(update_fields=["status", "completed_at"])
        WorkOrderStatusChange.objects.create(
            work_order=work_order,
            status=status,
            changed_at=now,
            changed_by=user,
            note=note,
        )
        if status == WorkOrderStatus.COMPLETED:
            _completed(work_order, note)
        elif status == WorkOrderStatus.CANCELLED:
            _notify(
                work_order,
                MessageKind.WORK_ORDER_CANCELLED,
                _("Arbetsorder %(number)s är makulerad"),
                _("Kundtjänst har makulerat arbetsorder %(number)s (%(article)s)."),
                note,
            )
    return work_order


def _completed(work_order, note):
    _notify(
        work_order,
        MessageKind.WORK_ORDER_COMPLETED,
        _("Arbetsorder %(number)s är klar"),
        _("Arbetsorder %(number)s (%(article)s) är utförd."),
        note,
    )
    if work_order.individual_id:
        IndividualHistory.objects.create(
            individual_id=work_order.individual_id,
            happened_on=timezone.localdate(),
            kind=HistoryKind.REPAIRED,
            person_id=work_order.person_id,
            care_unit_id=work_order.care_unit_id,
            note=(
                _("Arbetsorder %(number)s, %(kind)s")
                % {"number": work_order.number, "kind": work_order.get_kind_display()}
            )[:200],
        )


def _notify(work_order, kind, subject, body, note):
    params = {"number": work_order.number, "article": work_order.article.article_no}
    text = body % params
    if note:
        text += "\n\n" + note
    notify(work_order.prescriber, subject % params, text, about=work_order, kind=kind)

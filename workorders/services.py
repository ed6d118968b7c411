"""Work orders (F-13): registering one with its number from the customer
orders' series, and customer service moving it along its statuses (F-18)
and setting what completing it costs the payer. Each function is one
transaction; they raise ValidationError with a Swedish message when the
work order cannot be made, moved or charged."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aids.choices import HistoryKind
from aids.models import IndividualHistory
from aids.recipients import deceased_refusal
from core.language import in_language_of
from core.metrics import WORK_ORDERS, count_after_commit
from core.tokens import made_with_token
from core.vat import VatRate
from notices.models import MessageKind
from notices.services import notify
from orders.numbering import next_number

from .choices import TRANSITIONS, WorkOrderKind, WorkOrderStatus
from .models import WorkOrder, WorkOrderAttachment, WorkOrderStatusChange

# The model's limits: max_digits=10 with two decimals, max_length=200.
AMOUNT_LIMIT = Decimal("100000000")
TEXT_LENGTH = 200

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
            count_after_commit(WORK_ORDERS, event="created")
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


def change_status(
    work_order,
    status,
    user,
    note="",
    *,
    charge_amount=None,
    charge_text="",
    charge_vat_rate=VatRate.STANDARD,
):
    """Move the work order to `status` along an allowed transition, with a
    row in its history. Completing or cancelling tells the prescriber in a
    personal message; completing also records the repair or adaptation in
    the individual's history, and the charge, if any (check_charge), with
    the completion."""
    charge = check_charge(charge_amount, charge_text, charge_vat_rate)
    if charge["charge_amount"] is not None:
        _staff_only(user)
    if charge["charge_amount"] is not None and status != WorkOrderStatus.COMPLETED:
        raise ValidationError(
            _("Bara en arbetsorder som klarmarkeras kan debiteras."), code="charge"
        )
    with transaction.atomic():
        work_order = _locked(work_order)
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
        fields = ["status"]
        if status == WorkOrderStatus.COMPLETED:
            work_order.completed_at = now
            for field, value in charge.items():
                setattr(work_order, field, value)
            fields += ["completed_at", *charge]
        work_order.save(update_fields=fields)
        WorkOrderStatusChange.objects.create(
            work_order=work_order,
            status=status,
            changed_at=now,
            changed_by=user,
            note=note,
        )
        if status == WorkOrderStatus.COMPLETED:
            _completed(work_order, note)
            count_after_commit(WORK_ORDERS, event="completed")
        elif status == WorkOrderStatus.CANCELLED:
            _notify(
                work_order,
                MessageKind.WORK_ORDER_CANCELLED,
                gettext_lazy("Arbetsorder %(number)s är makulerad"),
                gettext_lazy(
                    "Kundtjänst har makulerat arbetsorder %(number)s (%(article)s)."
                ),
                note,
            )
    return work_order


def _locked(work_order):
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("prescriber", "article")
        .get(pk=work_order.pk)
    )


def check_charge(amount, text, vat_rate=VatRate.STANDARD):
    """The charge's fields, checked: an amount in kronor excluding VAT, not
    negative and whole öre; a text saying what it is for whenever there is
    an amount; one of the VAT rates. No amount (None) is no charge. Raises
    ValidationError keyed by the model's fields."""
    text = " ".join((text or "").split())
    errors = {}
    if amount is None:
        if text:
            errors["charge_amount"] = _(
                "Ange belopp för debiteringen, eller ta bort texten."
            )
    else:
        try:
            amount = _amount(amount)
        except ValidationError as error:
            errors["charge_amount"], amount = error, None
        else:
            if not text:
                errors["charge_text"] = _("Skriv vad debiteringen avser.")
    if len(text) > TEXT_LENGTH:
        errors["charge_text"] = _("Texten får vara högst %(limit)s tecken.") % {
            "limit": TEXT_LENGTH
        }
    try:
        vat_rate = VatRate(Decimal(vat_rate))
    except (InvalidOperation, TypeError, ValueError):
        errors["charge_vat_rate"] = _("Välj en av momssatserna i listan.")
    if errors:
        raise ValidationError(errors)
    return {
        "charge_amount": amount,
        "charge_text": text if amount is not None else "",
        "charge_vat_rate": vat_rate,
    }


def _amount(value):
    """The amount as a Decimal in whole öre, or a ValidationError."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        message = _("Ange beloppet i kronor, t.ex. 450,00.")
    elif amount < 0:
        message = _("Beloppet kan inte vara negativt.")
    elif amount >= AMOUNT_LIMIT:
        message = _("Beloppet är för stort.")
    elif amount != amount.quantize(Decimal("0.01")):
        message = _("Ange beloppet med högst två decimaler (öre).")
    else:
        return amount
    raise ValidationError(message, code="amount")


def _staff_only(user):
    if not user.is_staff:
        raise ValidationError(
            _("Bara kundtjänst kan debitera en arbetsorder."), code="staff"
        )


def correct_charge(
    work_order, user, *, charge_amount, charge_text, charge_vat_rate=VatRate.STANDARD
):
    """Set, change or remove (no amount) the charge of a completed work
    order; the audit trail keeps who changed it from what. An invoiced
    charge may change too: the next monthly invoicing run reads the change
    from the audit trail and credits and charges it again on a correction
    invoice (invoicing is a higher layer; issued invoices are never edited)."""
    _staff_only(user)
    charge = check_charge(charge_amount, charge_text, charge_vat_rate)
    with transaction.atomic():
        work_order = _locked(work_order)
        if work_order.status != WorkOrderStatus.COMPLETED:
            raise ValidationError(
                _("Arbetsorder %(number)s är inte klar och kan inte debiteras.")
                % {"number": work_order.number},
                code="charge",
            )
        for field, value in charge.items():
            setattr(work_order, field, value)
        work_order.save(update_fields=list(charge))
    return work_order


def _completed(work_order, note):
    _notify(
        work_order,
        MessageKind.WORK_ORDER_COMPLETED,
        gettext_lazy("Arbetsorder %(number)s är klar"),
        gettext_lazy("Arbetsorder %(number)s (%(article)s) är utförd."),
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
    with in_language_of(work_order.prescriber):
        params = {"number": work_order.number, "article": work_order.article.article_no}
        text = body % params
        if note:
            text += "\n\n" + note
        notify(
            work_order.prescriber, subject % params, text, about=work_order, kind=kind
        )

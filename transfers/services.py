"""BMB, byta mottagare/betalare (F-08): change the payer or the prescriber of
a recipient's aids, take them back from a patient to a care unit's own
store or hand them out from the store to a patient. Each BMB is one
transaction with the aids locked; customer service reverses one with a new
BMB, never by editing it."""

from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import AccessAction
from accounts.models import Customer, Payer
from accounts.services import log_access
from aids.choices import HistoryKind
from aids.models import Holding, HoldingPayer, IndividualHistory, Person
from aids.recipients import Recipient
from core.language import in_language_of
from core.numbering import case_number
from core.tokens import made_with_token
from notices.services import notify
from pickups.models import PickupItem
from workorders.choices import OPEN_STATUSES
from workorders.models import WorkOrder

from .choices import CARE_UNIT_KINDS, PATIENT_KINDS, TransferKind
from .models import Transfer, TransferCounter, TransferLine

MOVES = {TransferKind.TAKE_BACK, TransferKind.HAND_OUT}


def next_number(on=None):
    """B, the ISO week (YYWW) and a serial of the week: BMBs' own series."""
    return case_number(TransferCounter, "B", on)


@dataclass(frozen=True)
class After:
    """What a holding becomes: its recipient, payer and prescriber."""

    person: Person | None
    care_unit: Customer | None
    payer: Payer | None
    patient_pays: bool
    prescriber: object

    @classmethod
    def of(cls, holding):
        return cls(
            holding.person,
            holding.care_unit,
            holding.payer,
            holding.patient_pays,
            holding.prescriber,
        )


def current_holdings(recipient):
    """What a BMB may change: the recipient's delivered aids not returned."""
    return recipient.holdings().filter(
        returned_on__isnull=True, delivered_on__isnull=False
    )


def made_with(token, user, recipient):
    """The BMB registered with `token`: the same form sent again by the
    same user for the same recipient. Anything else is refused."""
    return made_with_token(
        Transfer.objects,
        token,
        _(
            "Formuläret har redan skickats. Kontrollera uppgifterna och "
            "klicka på Verkställ igen."
        ),
        created_by_id=user.pk,
        from_person_id=recipient.person and recipient.person.pk,
        from_care_unit_id=recipient.care_unit and recipient.care_unit.pk,
    )


def _is_customer_of(user, customer):
    return user.is_staff or user.authorisations.filter(customer=customer).exists()


def _check_date(valid_from):
    """From the first of this month up to today: a BMB may be dated back
    within the month, never into an invoiced one, and not ahead."""
    today = timezone.localdate()
    if not today.replace(day=1) <= valid_from <= today:
        raise ValidationError(
            _(
                "Datumet måste vara i innevarande månad och senast i dag "
                "(%(first)s – %(today)s)."
            ),
            code="date",
            params={"first": today.replace(day=1), "today": today},
        )


def find_payer(betalarid):
    payer = Payer.objects.filter(betalarid=(betalarid or "").strip()).first()
    if payer is None:
        raise ValidationError(
            _("Betalare %(betalarid)s finns inte. Ange ett betalarid med 5 siffror."),
            code="payer",
            params={"betalarid": betalarid},
        )
    return payer


def colleagues(customer):
    """Who may take over the follow-up of a customer's aids: its active
    prescribers."""
    return (
        get_user_model()
        .objects.filter(authorisations__customer=customer, is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


def _locked_holdings(recipient, holding_ids):
    """The recipient's current aids with these ids, locked in a fixed order:
    two BMBs of the same aid wait for each other, and the second then finds
    it gone (returned) or changed."""
    wanted = set(holding_ids)
    if not wanted:
        raise ValidationError(_("Markera minst ett hjälpmedel."), code="nothing")
    holdings = list(
        current_holdings(recipient)
        .select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .select_related("article", "individual", "payer", "prescriber")
        .order_by("pk")
    )
    if len(holdings) != len(wanted):
        raise ValidationError(
            _(
                "Ett eller flera av de markerade hjälpmedlen finns inte längre hos "
                "mottagaren. Kontrollera listan och markera igen."
            ),
            code="not_current",
        )
    return holdings


def _not_busy(holdings):
    """An aid reported lost, on its way to be fetched or being repaired
    stays where it is until that case is closed (a lost aid's report
    rejected or the aid found)."""
    if lost := next((holding for holding in holdings if holding.lost_on), None):
        raise ValidationError(
            _(
                "Artikel %(article)s är anmäld borttappad och kan inte flyttas "
                "eller byta betalare."
            ),
            code="busy",
            params={"article": lost.article.article_no},
        )
    pickup = (
        PickupItem.objects.filter(holding__in=holdings, open=True)
        .select_related("pickup", "holding__article")
        .first()
    )
    if pickup:
        raise ValidationError(
            _(
                "Artikel %(article)s har en öppen hämtorder, %(number)s, och kan "
                "inte flyttas eller byta betalare."
            ),
            code="busy",
            params={
                "article": pickup.holding.article.article_no,
                "number": pickup.pickup.number,
            },
        )
    work_order = (
        WorkOrder.objects.filter(holding__in=holdings, status__in=OPEN_STATUSES)
        .select_related("article")
        .first()
    )
    if work_order:
        raise ValidationError(
            _(
                "Artikel %(article)s har en öppen arbetsorder, %(number)s, och kan "
                "inte flyttas eller byta betalare."
            ),
            code="busy",
            params={
                "article": work_order.article.article_no,
                "number": work_order.number,
            },
        )


def _check_payer_dates(holdings, valid_from, payer):
    """A new payer from a day before the aid was delivered, or before its
    current payer began, would rewrite a period already settled; the payer
    it has is no change."""
    for holding in holdings:
        if holding.payer_id == payer.pk and not holding.patient_pays:
            raise ValidationError(
                _("Artikel %(article)s har redan betalare %(betalarid)s."),
                code="same_payer",
                params={
                    "article": holding.article.article_no,
                    "betalarid": payer.betalarid,
                },
            )
    started = dict(
        HoldingPayer.objects.filter(
            holding__in=holdings, valid_to__isnull=True
        ).values_list("holding_id", "valid_from")
    )
    for holding in holdings:
        start = max(filter(None, [holding.delivered_on, started.get(holding.pk)]))
        if valid_from < start:
            raise ValidationError(
                _(
                    "Artikel %(article)s har sin nuvarande betalare från %(start)s. "
                    "Välj det datumet eller senare."
                ),
                code="date",
                params={"article": holding.article.article_no, "start": start},
            )


def _change_payer(holding, payer, patient_pays, day):
    """Close the holding's payer period at `day` and open the new one. The
    first change also records the period before it, from the delivery."""
    periods = HoldingPayer.objects.filter(holding=holding)
    current = periods.filter(valid_to__isnull=True).first()
    if current is None:
        start = holding.delivered_on or day
        if start < day:
            HoldingPayer.objects.create(
                holding=holding, payer=holding.payer, valid_from=start, valid_to=day
            )
    elif current.valid_from == day:
        # A second change the same day replaces the first: no empty period,
        # and back to the payer before it, that period simply goes on.
        before = periods.filter(valid_to=day, payer=payer).first()
        if before is None:
            current.payer = payer
            current.save(update_fields=["payer"])
        else:
            current.delete()
            before.valid_to = None
            before.save(update_fields=["valid_to"])
    else:
        current.valid_to = day
        current.save(update_fields=["valid_to"])
    if current is None or current.valid_from != day:
        HoldingPayer.objects.create(holding=holding, payer=payer, valid_from=day)
    holding.payer = payer
    holding.patient_pays = patient_pays


def _move(transfer, holding, after):
    """Return the holding from its recipient and open the same aid at the
    new one, from the BMB's date; the individual's history records it."""
    day = transfer.valid_from
    holding.returned_on = day
    holding.save(update_fields=["returned_on"])
    moved = Holding.objects.create(
        person=after.person,
        care_unit=after.care_unit,
        article=holding.article,
        individual=holding.individual,
        quantity=holding.quantity,
        order_number=holding.order_number,
        ordered_on=holding.ordered_on,
        customer=transfer.customer,
        payer=after.payer,
        patient_pays=after.patient_pays,
        prescriber=after.prescriber,
        delivered_on=day,
        delivered_quantity=holding.delivered_quantity,
    )
    if holding.individual_id:
        IndividualHistory.objects.create(
            individual=holding.individual,
            happened_on=day,
            kind=HistoryKind.MOVED,
            person=after.person,
            care_unit=after.care_unit,
            note=f"{transfer}: {transfer.get_kind_display()}",
        )
    return moved


def _apply(transfer, holdings, afters):
    """Make each holding what `afters` says, and record a line of before
    and after for each."""
    lines = []
    for holding, after in zip(holdings, afters, strict=True):
        line = TransferLine(
            transfer=transfer,
            holding=holding,
            old_payer=holding.payer,
            old_patient_pays=holding.patient_pays,
            old_prescriber=holding.prescriber,
            payer=after.payer,
            patient_pays=after.patient_pays,
            prescriber=after.prescriber,
        )
        if (after.person, after.care_unit) != (holding.person, holding.care_unit):
            line.new_holding = _move(transfer, holding, after)
        else:
            if (after.payer, after.patient_pays) != (
                holding.payer,
                holding.patient_pays,
            ):
                _change_payer(
                    holding, after.payer, after.patient_pays, transfer.valid_from
                )
            holding.prescriber = after.prescriber
            holding.save(update_fields=["payer", "patient_pays", "prescriber"])
        lines.append(line)
    TransferLine.objects.bulk_create(lines)


def _create(token, user, kind, recipient, customer, valid_from, **fields):
    """The BMB row, numbered, and whether this call made it: the same token
    sent twice at once loses here and gets the one made."""
    try:
        with transaction.atomic():
            made = Transfer.objects.create(
                id=token,
                number=next_number(),
                kind=kind,
                valid_from=valid_from,
                created_by=user,
                customer=customer,
                from_person=recipient.person,
                from_care_unit=recipient.care_unit,
                **fields,
            )
    except IntegrityError:
        if existing := made_with(token, user, recipient):
            return existing, False
        raise
    return made, True


def _plan(user, kind, recipient, customer, *, payer, store, to_person, prescriber):
    """Check what the BMB asks for and return (its customer, what every
    aid becomes as a function of the holding, the Transfer's fields)."""
    if kind == TransferKind.PAYER:
        if not _is_customer_of(user, customer):
            raise _not_customer(customer, "customer")
        payer = find_payer(payer)
        return (
            customer,
            lambda held: replace(After.of(held), payer=payer, patient_pays=False),
            {
                "new_payer": payer,
                "to_person": recipient.person,
                "to_care_unit": recipient.care_unit,
            },
        )
    if kind == TransferKind.PRESCRIBER:
        if not _is_customer_of(user, customer):
            raise _not_customer(customer, "customer")
        if (
            prescriber is None
            or not colleagues(customer).filter(pk=prescriber.pk).exists()
        ):
            raise ValidationError(
                _("Välj en förskrivare hos kunden %(customer)s."),
                code="prescriber",
                params={"customer": customer},
            )
        return (
            customer,
            lambda held: replace(After.of(held), prescriber=prescriber),
            {
                "new_prescriber": prescriber,
                "to_person": recipient.person,
                "to_care_unit": recipient.care_unit,
            },
        )
    if kind == TransferKind.TAKE_BACK:
        if store is None:
            raise ValidationError(_("Välj eget förråd."), code="store")
        if not _is_customer_of(user, store):
            raise _not_customer(store, "store")
        return (
            store,
            lambda held: replace(
                After.of(held),
                person=None,
                care_unit=store,
                payer=store.default_payer,
                patient_pays=False,
            ),
            {"to_care_unit": store},
        )
    # Lämna ut: from the care unit's store, which must be the user's.
    if not _is_customer_of(user, recipient.care_unit):
        raise _not_customer(recipient.care_unit, "store")
    if to_person is None:
        raise ValidationError(_("Ange patientens personnummer."), code="to_person")
    if to_person.deceased_on:
        raise ValidationError(
            _("Patienten är avliden. Hjälpmedel kan inte lämnas ut."),
            code="to_person",
        )
    return (
        recipient.care_unit,
        lambda held: replace(
            After.of(held), person=to_person, care_unit=None, patient_pays=False
        ),
        {"to_person": to_person},
    )


def _not_customer(customer, code):
    return ValidationError(
        _("Du är inte förskrivare för kunden %(customer)s."),
        code=code,
        params={"customer": customer},
    )


@transaction.atomic
def execute_transfer(
    context,
    token,
    recipient,
    *,
    kind,
    holding_ids,
    valid_from,
    customer=None,
    payer=None,
    store=None,
    to_person=None,
    prescriber=None,
):
    """Verkställ a BMB of context.user's with `token` as its id; sent again
    with the same token, the BMB already made is returned and nothing else
    happens. `payer` is the betalarid typed; `store` the care unit taking
    aids back; `to_person` the patient aids are handed out to; `prescriber`
    the user taking over the follow-up."""
    user = context.user
    if existing := made_with(token, user, recipient):
        return existing
    allowed = PATIENT_KINDS if recipient.person else CARE_UNIT_KINDS
    if kind not in allowed:
        raise ValidationError(_("Välj vad som ska göras."), code="kind")
    person = recipient.person
    if person and person.deceased_on and kind != TransferKind.TAKE_BACK:
        raise ValidationError(
            _(
                "Patienten är avliden. Hjälpmedlen kan bara återtas till eget "
                "förråd eller hämtas med en hämtorder."
            ),
            code="deceased",
        )
    _check_date(valid_from)
    customer, after, fields = _plan(
        user,
        kind,
        recipient,
        customer,
        payer=payer,
        store=store,
        to_person=to_person,
        prescriber=prescriber,
    )
    # The lock waits for any simultaneous Verkställ of the same form: if
    # that one made the BMB (and moved the aids on), this one returns it
    # rather than refusing.
    try:
        holdings = _locked_holdings(recipient, holding_ids)
    except ValidationError:
        if existing := made_with(token, user, recipient):
            return existing
        raise
    if existing := made_with(token, user, recipient):
        return existing
    _not_busy(holdings)
    if kind == TransferKind.PAYER:
        _check_payer_dates(holdings, valid_from, fields["new_payer"])
    elif kind in MOVES:
        _check_delivered(holdings, valid_from)
    transfer, made = _create(
        token, user, kind, recipient, customer, valid_from, **fields
    )
    if not made:
        return transfer
    _apply(transfer, holdings, [after(held) for held in holdings])
    log_access(
        context, transfer.persons, AccessAction.CHANGE, transfer, customer=customer
    )
    if kind == TransferKind.PRESCRIBER and prescriber != user:
        _tell_new_prescriber(transfer, len(holdings))
    return transfer


def _tell_new_prescriber(transfer, count):
    """The one taking over the follow-up hears of it. No patient's name in
    the text: a mailed message links to the BMB instead."""
    with in_language_of(transfer.new_prescriber):
        notify(
            transfer.new_prescriber,
            _("%(transfer)s: du är ny förskrivare") % {"transfer": transfer},
            _(
                "%(user)s har fört över uppföljningsansvaret för %(count)s "
                "hjälpmedel till dig från %(date)s."
            )
            % {
                "user": transfer.created_by,
                "count": count,
                "date": transfer.valid_from,
            },
            about=transfer,
        )


def _check_delivered(holdings, valid_from):
    for holding in holdings:
        if valid_from < holding.delivered_on:
            raise ValidationError(
                _(
                    "Artikel %(article)s levererades %(start)s. Välj det datumet "
                    "eller senare."
                ),
                code="date",
                params={
                    "article": holding.article.article_no,
                    "start": holding.delivered_on,
                },
            )


REVERSED_KIND = {
    TransferKind.PAYER: TransferKind.PAYER,
    TransferKind.PRESCRIBER: TransferKind.PRESCRIBER,
    TransferKind.TAKE_BACK: TransferKind.HAND_OUT,
    TransferKind.HAND_OUT: TransferKind.TAKE_BACK,
}


def can_reverse(transfer):
    return not hasattr(transfer, "reversed_by")


@transaction.atomic
def reverse_transfer(context, transfer):
    """Customer service undoes a BMB with a new one from the same date: each
    aid gets back its payer and prescriber, a moved one goes back to where
    it came from. Refused when an aid has changed since, or is busy; a BMB
    already reversed is not reversed twice."""
    user = context.user
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    if not can_reverse(transfer):
        raise ValidationError(
            _("%(transfer)s är redan återställd med %(reversal)s."),
            code="reversed",
            params={"transfer": transfer, "reversal": transfer.reversed_by},
        )
    lines = list(
        transfer.lines.select_related(
            "holding", "new_holding", "old_payer", "old_prescriber"
        )
    )
    moved = transfer.kind in MOVES
    ids = [(line.new_holding_id if moved else line.holding_id) for line in lines]
    back_to = Recipient(person=transfer.to_person, care_unit=transfer.to_care_unit)
    source = Recipient(person=transfer.from_person, care_unit=transfer.from_care_unit)
    holdings = list(
        current_holdings(back_to)
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("article", "individual", "payer", "prescriber")
        .order_by("pk")
    )
    by_pk = {holding.pk: holding for holding in holdings}
    if len(holdings) != len(ids) or any(
        not _unchanged(by_pk[pk], line) for pk, line in zip(ids, lines, strict=True)
    ):
        raise ValidationError(
            _(
                "Hjälpmedlen har ändrats efter %(transfer)s och den kan inte "
                "återställas. Gör en ny BMB i stället."
            ),
            code="changed",
            params={"transfer": transfer},
        )
    _not_busy(holdings)
    afters = {
        pk: After(
            source.person,
            source.care_unit,
            line.old_payer,
            line.old_patient_pays,
            line.old_prescriber,
        )
        for pk, line in zip(ids, lines, strict=True)
    }
    reversal = Transfer.objects.create(
        number=next_number(),
        kind=REVERSED_KIND[transfer.kind],
        valid_from=transfer.valid_from,
        created_by=user,
        customer=transfer.customer,
        from_person=back_to.person,
        from_care_unit=back_to.care_unit,
        to_person=source.person,
        to_care_unit=source.care_unit,
        new_payer=None,
        new_prescriber=None,
        reverses=transfer,
    )
    _apply(reversal, holdings, [afters[holding.pk] for holding in holdings])
    with in_language_of(transfer.created_by):
        notify(
            transfer.created_by,
            _("%(transfer)s är återställd") % {"transfer": transfer},
            _(
                "Kundtjänst har återställt %(transfer)s med %(reversal)s: "
                "hjälpmedlen har samma mottagare, betalare och förskrivare som före."
            )
            % {"transfer": transfer, "reversal": reversal},
            about=reversal,
        )
    log_access(
        context,
        reversal.persons,
        AccessAction.CHANGE,
        reversal,
        customer=reversal.customer,
    )
    return reversal


def _unchanged(holding, line):
    """Whether the holding is still what the BMB made it."""
    return (holding.payer_id, holding.patient_pays, holding.prescriber_id) == (
        line.payer_id,
        line.patient_pays,
        line.prescriber_id,
    )

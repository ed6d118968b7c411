"""Pickup orders (F-09): registered by a prescriber, closed (the aids were
fetched) or cancelled by customer service. Each function is one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aids.choices import AddressChoice, HistoryKind, IndividualLocation
from aids.models import Holding, IndividualHistory
from aids.recipients import Recipient, chosen_address
from core.language import in_language_of
from core.metrics import PICKUPS, count_after_commit
from core.tokens import made_with_token
from core.validators import swedish_phone_number
from notices.models import MessageKind
from notices.services import notify
from warehouse.models import MAIN_WAREHOUSE, Warehouse
from warehouse.services import receive

from .choices import TRANSITIONS, PickupStatus
from .models import NUMBER_SEQUENCE, PickupItem, PickupOrder


def next_number():
    """H and 7 digits. A sequence never blocks other transactions; a number
    lost to a rollback is only a gap, which pickups may have."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [NUMBER_SEQUENCE])
        (serial,) = cursor.fetchone()
    return f"H{serial:07d}"


def current_holdings(person):
    """What can be fetched from a patient: delivered aids not yet returned
    and not reported lost (one found again is back among them)."""
    return Holding.objects.filter(
        person=person,
        returned_on__isnull=True,
        delivered_on__isnull=False,
        lost_on__isnull=True,
    )


def _address(choice, person, customer, typed):
    """The Address chosen (aids.recipients.chosen_address); a typed one
    needs a street, postal code and city, the name may be left out."""
    address = chosen_address(choice, Recipient(person=person), customer, typed)
    if choice == AddressChoice.OTHER and not all(address[1:]):
        raise ValidationError(
            _("Ange gatuadress, postnummer och ort för hämtadressen."),
            code="no_address",
        )
    return address


def _locked_holdings(person, holding_ids):
    """The patient's current aids with these ids, locked in a fixed order so
    that two pickups of the same aid wait for each other."""
    wanted = set(holding_ids)
    holdings = list(
        current_holdings(person)
        .select_for_update()
        .filter(pk__in=wanted)
        .select_related("article")
        .order_by("pk")
    )
    if len(holdings) != len(wanted):
        raise ValidationError(
            _("Välj bara bland mottagarens aktuella hjälpmedel."),
            code="not_current",
        )
    return holdings


def _not_taken(holdings):
    taken = (
        PickupItem.objects.filter(holding__in=holdings, open=True)
        .select_related("pickup", "holding__article")
        .first()
    )
    if taken:
        raise ValidationError(
            _("Artikel %(article)s har redan en öppen hämtorder, %(number)s."),
            code="already_open",
            params={
                "article": taken.holding.article.article_no,
                "number": taken.pickup.number,
            },
        )


def made_with(token, user, person):
    """The pickup registered with `token`, if any: the same form sent again
    by its prescriber for the same patient. A token that is the id of
    anyone else's pickup, or of one for another patient, is refused without
    a word about that pickup."""
    return made_with_token(
        PickupOrder.objects,
        token,
        _(
            "Formuläret har redan skickats. Kontrollera uppgifterna och "
            "klicka på Verkställ igen."
        ),
        prescriber_id=user.pk,
        person_id=person.pk,
    )


@transaction.atomic
def create_pickup(
    token,
    user,
    person,
    customer,
    *,
    holding_ids,
    reason,
    phone,
    address_choice,
    address=None,
    door_phone="",
    instructions="",
    information="",
):
    """Register a pickup with `token` as its id. Sent again with the same
    token, the pickup already made is returned and nothing else happens."""
    if existing := made_with(token, user, person):
        return existing
    if not user.is_staff and not user.customers.filter(pk=customer.pk).exists():
        raise ValidationError(
            _("Du är inte förskrivare för kunden %(customer)s."),
            code="customer",
            params={"customer": customer},
        )
    if not reason.active:
        raise ValidationError(_("Välj en orsak i listan."), code="reason")
    swedish_phone_number(phone)
    if not holding_ids and not information.strip():
        raise ValidationError(
            _(
                "Markera minst ett hjälpmedel, eller skriv i Hämtorderinformation "
                "vad som ska hämtas."
            ),
            code="nothing",
        )
    holdings = _locked_holdings(person, holding_ids)
    # The lock waited for any simultaneous POST of the same form: if that one
    # registered the pickup, this one shows it rather than refusing the aids.
    if existing := made_with(token, user, person):
        return existing
    _not_taken(holdings)
    address = _address(address_choice, person, customer, address)
    try:
        # A savepoint: the same token sent twice at once loses here.
        with transaction.atomic():
            pickup = PickupOrder.objects.create(
                id=token,
                number=next_number(),
                prescriber=user,
                customer=customer,
                person=person,
                address_choice=address_choice,
                postal_address=address,
                phone=phone,
                door_phone=door_phone,
                instructions=instructions,
                information=information,
                reason=reason,
            )
    except IntegrityError:
        if existing := made_with(token, user, person):
            return existing
        raise
    PickupItem.objects.bulk_create(
        PickupItem(pickup=pickup, holding=holding) for holding in holdings
    )
    count_after_commit(PICKUPS, event="created")
    return pickup


def _locked(pickup):
    return (
        PickupOrder.objects.select_for_update(of=("self",))
        .select_related("prescriber")
        .get(pk=pickup.pk)
    )


def _refuse(pickup, code):
    raise ValidationError(
        _("Hämtorder %(number)s är redan %(status)s."),
        code=code,
        params={"number": pickup.number, "status": pickup.get_status_display().lower()},
    )


def can_change(pickup, status):
    return status in TRANSITIONS[pickup.status]


def set_status(pickup, status, user):
    """Move the pickup to `status` along TRANSITIONS, stamped with when and
    by whom; any other move is refused."""
    if not can_change(pickup, status):
        _refuse(pickup, "not_open")
    pickup.status = status
    prefix = "closed" if status == PickupStatus.CLOSED else "cancelled"
    setattr(pickup, f"{prefix}_at", timezone.now())
    setattr(pickup, f"{prefix}_by", user)
    pickup.save(update_fields=["status", f"{prefix}_at", f"{prefix}_by"])


def _finish(pickup, status, user, subject, body):
    """Stamp the closing or cancelling, free the aids for later pickups and
    tell the prescriber."""
    pickup.items.update(open=False)
    set_status(pickup, status, user)
    number = {"number": pickup.number}
    kind = (
        MessageKind.PICKUP_CLOSED
        if status == PickupStatus.CLOSED
        else MessageKind.PICKUP_CANCELLED
    )
    with in_language_of(pickup.prescriber):
        notify(
            pickup.prescriber, subject % number, body % number, about=pickup, kind=kind
        )
    return pickup


@transaction.atomic
def close_pickup(pickup, user):
    """The aids were fetched: each one becomes returned today, goes back
    into the main warehouse's stock, and an I-marked unit waits there for
    refurbishing. Closing a closed pickup changes nothing."""
    pickup = _locked(pickup)
    if pickup.status == PickupStatus.CLOSED:
        return pickup
    if not can_change(pickup, PickupStatus.CLOSED):
        _refuse(pickup, "not_open")
    today = timezone.localdate()
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    reason = str(pickup)
    holdings = (
        Holding.objects.select_for_update(of=("self",))
        .filter(pickup_items__pickup=pickup, returned_on__isnull=True)
        .select_related("article", "individual")
        .order_by("pk")
    )
    for holding in holdings:
        holding.returned_on = today
        holding.save(update_fields=["returned_on"])
        receive(
            main,
            holding.article,
            holding.delivered_quantity or holding.quantity,
            reason,
            user,
        )
        if individual := holding.individual:
            individual.location = IndividualLocation.TO_REFURBISH
            individual.warehouse = main
            individual.save(update_fields=["location", "warehouse"])
            IndividualHistory.objects.create(
                individual=individual,
                happened_on=today,
                kind=HistoryKind.RETURNED,
                person=pickup.person,
                warehouse=main,
                note=reason,
            )
    count_after_commit(PICKUPS, event="closed")
    return _finish(
        pickup,
        PickupStatus.CLOSED,
        user,
        gettext_lazy("Hämtorder %(number)s är utförd"),
        gettext_lazy(
            "Hjälpmedlen på hämtorder %(number)s är hämtade och återlämnade "
            "till Hjälpmedel Västerbotten."
        ),
    )


def can_cancel(pickup):
    return can_change(pickup, PickupStatus.CANCELLED)


@transaction.atomic
def cancel_pickup(pickup, user):
    """Makulera: nothing is fetched, the aids stay with the patient and may
    get a new pickup. Cancelling a cancelled pickup changes nothing."""
    pickup = _locked(pickup)
    if pickup.status == PickupStatus.CANCELLED:
        return pickup
    if not can_cancel(pickup):
        _refuse(pickup, "not_open")
    return _finish(
        pickup,
        PickupStatus.CANCELLED,
        user,
        gettext_lazy("Hämtorder %(number)s är makulerad"),
        gettext_lazy("Hämtorder %(number)s är makulerad av kundtjänst. Inget hämtas."),
    )

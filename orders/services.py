"""Customer orders: building a draft, executing it, cancelling it, and
customer service's picking, shipping and date changes. Each function that
changes state is one transaction; views and the admin call these only."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from aids.choices import AddressChoice, HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory
from aids.recipients import chosen_address, deceased_refusal
from catalog.models import Article, Replacement
from notices.services import notify
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse
from warehouse.services import (
    InsufficientStock,
    issue,
    release,
    reserve,
    reserve_where_available,
)

from .choices import (
    OPEN_LINE_STATUSES,
    TRANSITIONS,
    LineStatus,
    OrderKind,
    OrderStatus,
)
from .delivery import is_working_day, ship_date
from .models import Order, OrderAttachment, OrderLine
from .numbering import next_number

# More than this on one line is a typing mistake, not an order.
MAX_QUANTITY = 999


DECEASED = gettext_lazy(
    "Patienten är avliden. Beställning kan inte göras; använd Hämtorder för "
    "att hämta hjälpmedlen."
)


@transaction.atomic
def start_order(user, recipient, kind=OrderKind.ORDER, token=None):
    """A new draft for a patient or a care unit. With only one customer to
    order for, it is chosen at once. `token` (the form's) becomes its id:
    the same form sent again returns the draft it made, never a second one."""
    if refusal := deceased_refusal(recipient.person, DECEASED):
        raise ValidationError(refusal, code="deceased")
    # Under a lock on the user: a double click's two POSTs take turns here.
    User.objects.select_for_update().filter(pk=user.pk).first()
    made = token and (
        Order.objects.select_related("person", "care_unit").filter(pk=token).first()
    )
    if made:
        if (
            made.prescriber_id == user.pk
            and made.is_draft
            and (made.person, made.care_unit) == (recipient.person, recipient.care_unit)
        ):
            return made
        raise ValidationError(
            _("Formuläret har redan skickats. Börja om."), code="token"
        )
    order = Order.objects.create(
        id=token or uuid.uuid4(),
        prescriber=user,
        kind=kind,
        warehouse=Warehouse.objects.get(code=MAIN_WAREHOUSE),
        person=recipient.person,
        care_unit=recipient.care_unit,
    )
    customers = list(user.customers.select_related("default_payer")[:2])
    if len(customers) == 1:
        choose_customer(order, customers[0])
    return order


def choose_customer(order, customer):
    """The customer sets the default payer and the proposed address."""
    order.customer = customer
    order.payer = customer.default_payer
    use_address(order, AddressChoice.CUSTOMER)
    order.save()


def use_address(order, choice, typed=None):
    """Set the delivery address: the customer's, the recipient's, or one
    typed for this order only (`typed`: name, street, postal_code, city)."""
    order.address_choice = choice
    order.postal_address = chosen_address(
        choice, order.recipient, order.customer, typed
    )


def orderable_article(article_no):
    """The article with this HMV number, or a ValidationError saying why it
    cannot be ordered."""
    article = Article.objects.filter(article_no=article_no).first()
    if article is None:
        raise ValidationError(
            _("Det finns ingen artikel med artikelnummer %(number)s."),
            code="unknown_article",
            params={"number": article_no},
        )
    _check_in_assortment(article)
    return article


def _check_in_assortment(article):
    if not article.in_assortment:
        raise ValidationError(
            _(
                "Artikel %(number)s ingår inte i sortimentet och kan inte "
                "beställas här. Kontakta hjälpmedelskonsulenten."
            ),
            code="outside_assortment",
            params={"number": article.article_no},
        )


def _check_draft(order):
    if not order.is_draft:
        raise ValidationError(
            _("Ordern är redan verkställd och kan inte ändras."), code="not_draft"
        )


def _check_quantity(quantity):
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            _("Antal ska vara ett heltal från 1 till %(max)s."),
            code="quantity",
            params={"max": MAX_QUANTITY},
        )


@transaction.atomic
def add_line(order, article, quantity=1, payer=None):
    """Add an article to a draft. An individually marked article is one unit
    per line, so it becomes `quantity` lines. Returns the new lines; those
    whose article replaces older ones with stock wait for the prescriber's
    choice (`alternatives_pending`)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_draft(order)
    _check_quantity(quantity)
    _check_in_assortment(article)
    pending = has_alternatives_in_stock(article, order.warehouse)
    if article.individually_marked:
        units = [1] * quantity
    else:
        units = [quantity]
    last = order.lines.aggregate(last=Max("position"))["last"] or 0
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            position=last + offset,
            article=article,
            quantity=units_on_line,
            payer=payer if payer != order.payer else None,
            alternatives_pending=pending,
        )
        for offset, units_on_line in enumerate(units, start=1)
    )
    order.save(update_fields=["updated_at"])
    return lines


@transaction.atomic
def update_lines(order, changes, removed=()):
    """Save the lines page: `changes` maps a line to (quantity, payer), and
    the lines in `removed` are deleted."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_draft(order)
    order.lines.filter(pk__in=[line.pk for line in removed]).delete()
    changed = []
    for line, (quantity, payer) in changes.items():
        # A line of another order is never changed through this one.
        if line in removed or line.order_id != order.pk:
            continue
        _check_quantity(quantity)
        if line.article.individually_marked and quantity != 1:
            raise ValidationError(
                _("Individmärkt artikel %(number)s beställs en per rad."),
                code="individual_quantity",
                params={"number": line.article.article_no},
            )
        payer = payer if payer != order.payer else None
        if (line.quantity, line.payer_id) != (quantity, payer and payer.pk):
            line.quantity, line.payer = quantity, payer
            changed.append(line)
    OrderLine.objects.bulk_update(changed, ["quantity", "payer"])
    order.save(update_fields=["updated_at"])


def add_articles(order, articles):
    """Quantity 1 of each article not already on the draft, so a repeated
    Beställ adds nothing twice. Returns the new lines."""
    added = []
    with transaction.atomic():
        # Locked first: a double click's second POST sees the first's lines.
        Order.objects.select_for_update().filter(pk=order.pk).first()
        present = set(order.lines.values_list("article_id", flat=True))
        for article in articles:
            if article.pk not in present:
                added += add_line(order, article)
                present.add(article.pk)
    return added


def start_or_reuse_draft(user, recipient, token, order=None, articles=()):
    """Continue `order`, or start the token's new draft for `recipient`
    (made once however often the form is sent), and put the articles on it.
    Returns the draft and its new lines."""
    order = order or start_order(user, recipient, token=token)
    return order, add_articles(order, articles)


class StaleDraft(Exception):
    """The draft has changed since the page that posted was shown."""


def draft_version(order):
    """What a page of the draft carries to tell a repeated or stale POST
    (double click, second tab) from a fresh one: its last change time."""
    return order.updated_at.isoformat()


def save_lines(order, shown_version, changes, removed=(), new_line=None):
    """Save the lines page at once: quantities and payers (`changes`), the
    lines in `removed` deleted, and `new_line` (article, quantity, payer)
    added. Raises StaleDraft, saving nothing, when the draft changed since
    the page with `shown_version` was shown. Returns the added lines."""
    with transaction.atomic():
        # Checked under the lock: two POSTs at the same moment.
        locked = Order.objects.select_for_update().only("updated_at")
        if draft_version(locked.get(pk=order.pk)) != shown_version:
            raise StaleDraft
        update_lines(order, changes, removed)
        if new_line:
            article, quantity, payer = new_line
            return add_line(order, article, quantity, payer)
    return []


def has_alternatives_in_stock(article, warehouse):
    return StockBalance.objects.filter(
        warehouse=warehouse,
        article__newer_links__new=article,
        on_hand__gt=F("reserved"),
    ).exists()


@dataclass(frozen=True)
class Alternative:
    article: Article
    available: int
    outgoing: bool


def alternatives(line):
    """The ordered article and the older ones it replaces (by preference),
    each with its available stock at the delivering warehouse (F-06)."""
    warehouse = line.order.warehouse
    older = [
        link.old
        for link in Replacement.objects.filter(new=line.article)
        .select_related("old__supplier")
        .order_by("preference", "old__article_no")
    ]
    articles = [line.article, *older]
    available = dict(
        StockBalance.objects.filter(warehouse=warehouse, article__in=articles)
        .annotate(free=F("on_hand") - F("reserved"))
        .values_list("article_id", "free")
    )
    return [
        Alternative(
            article,
            available.get(article.pk, 0),
            outgoing=article is not line.article,
        )
        for article in articles
    ]


def proposed_alternative(choices, quantity):
    """The first older article with stock for the whole quantity; the
    ordered one when none has."""
    for choice in choices[1:]:
        if choice.available >= quantity:
            return choice.article
    return choices[0].article


@transaction.atomic
def choose_alternative(line, article):
    """Keep the ordered article or take one of the older ones instead. The
    order is read afresh and locked: the line's copy may predate an execute
    in another tab."""
    _check_draft(Order.objects.select_for_update().only("status").get(pk=line.order_id))
    allowed = {choice.article.pk for choice in alternatives(line)}
    if article.pk not in allowed:
        raise ValidationError(
            _("Välj en av artiklarna i listan."), code="not_an_alternative"
        )
    line.article = article
    line.alternatives_pending = False
    line.save(update_fields=["article", "alternatives_pending"])


@transaction.atomic
def save_delivery(order, **fields):
    """Step 5's fields (phone, door code, instructions, samleverans, contact
    person, other information) on the draft. The row is locked and checked
    again: a draft executed meanwhile (another tab, a double click) must not
    be saved back over as a draft."""
    _check_draft(Order.objects.select_for_update().only("status").get(pk=order.pk))
    for name, value in fields.items():
        setattr(order, name, value)
    order.save()


def save_delivery_step(order, user, address, fields, attachments=(), save_phone=None):
    """Step 5 saved together or not at all: the address (`address`: the
    choice and the typed address or None), the delivery `fields`, the
    attached files (upload, file type pairs) and, when the prescriber asked
    for it, the recipient's phone through `save_phone(order)`. That one is
    the view's call of aids.services.save_recipient_details, which still
    needs the request for its care check and access log."""
    with transaction.atomic():
        choice, typed = address
        use_address(order, choice, typed)
        save_delivery(order, **fields)
        if save_phone is not None:
            save_phone(order)
        for upload, file_type in attachments:
            attach_file(order, upload, user, file_type)


def mark_order_picked(orders, user):
    """Mark every registered line of `orders` picked, all in one
    transaction, the lines locked in one statement in a fixed order.
    `orders` is a queryset. Returns how many lines were marked."""
    with transaction.atomic():
        lines = list(
            OrderLine.objects.select_for_update(of=("self",))
            .filter(order__in=orders.values("pk"), status=LineStatus.REGISTERED)
            .order_by("pk")
        )
        for line in lines:
            mark_picked(line, user)
    return len(lines)


def ship_lines(quantities, user):
    """Deliver several lines of an order in one transaction: `quantities`
    is (line, quantity, individual_no) triples. Returns the refusals by line
    (a ValidationError each); with any refusal nothing is shipped."""
    refused = {}
    with transaction.atomic():
        for line, quantity, individual_no in quantities:
            try:
                ship_line(line, quantity, user, individual_no)
            except ValidationError as error:
                refused[line] = error
        if refused:
            transaction.set_rollback(True)
    return refused


def check_attachable(order):
    """A cancelled order takes no more files."""
    if order.status == OrderStatus.CANCELLED:
        raise ValidationError(
            _("Ordern är makulerad. Det går inte att bifoga filer till den."),
            code="cancelled",
        )


def attach_file(order, upload, user, file_type):
    """Store a checked upload (core.uploads.check_attachment) under a
    generated name."""
    check_attachable(order)
    return OrderAttachment.store(upload, user, file_type, order=order)


def missing_for_execution(order, lines):
    """What stops the draft from being executed, as Swedish sentences."""
    problems = []
    if refusal := deceased_refusal(order.person, DECEASED):
        problems.append(refusal)
    if order.customer_id is None:
        problems.append(_("Välj kund/leveransadress."))
    if not lines:
        problems.append(_("Lägg till minst en orderrad."))
    if not order.street or not order.city:
        problems.append(_("Ange leveransadress med gatuadress och ort."))
    return problems


def execute_order(order, user):
    """Register the draft: number, delivery dates, reservations, the
    recipient's ordered aids, all in one transaction. Executing an order
    that is no longer a draft returns it unchanged, so a repeated POST never
    makes a second order."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.is_draft:
            return order
        lines = list(order.lines.select_related("article").order_by("position"))
        problems = missing_for_execution(order, lines)
        if problems:
            raise ValidationError(problems, code="incomplete")
        today = timezone.localdate()
        order.number = next_number(today)
        reserved = reserve_where_available(
            order.warehouse,
            [(line.article, line.quantity) for line in lines],
            reason=_("Kundorder %(number)s") % {"number": order.number},
            user=user,
        )
        for line, quantity in zip(lines, reserved, strict=True):
            line.reserved_quantity = quantity
            line.alternatives_pending = False
            line.delivery_date = ship_date(
                today, quantity > 0, line.article.lead_time_days
            )
        if order.joint_delivery:
            latest = max(line.delivery_date for line in lines)
            for line in lines:
                line.delivery_date = latest
        holdings = Holding.objects.bulk_create(
            Holding(
                person=order.person,
                care_unit=order.care_unit,
                article=line.article,
                quantity=line.quantity,
                order_number=order.number,
                ordered_on=today,
                customer=order.customer,
                payer=line.payer or order.payer,
                prescriber=order.prescriber,
            )
            for line in lines
        )
        for line, holding in zip(lines, holdings, strict=True):
            line.holding = holding
        OrderLine.objects.bulk_update(
            lines,
            ["reserved_quantity", "alternatives_pending", "delivery_date", "holding"],
        )
        set_status(
            order,
            OrderStatus.REGISTERED,
            number=order.number,
            executed_at=timezone.now(),
        )
    return order


def delivery_date(lines):
    """The order's date: its lines' latest (with samleverans, the one date
    they all share)."""
    dates = [line.delivery_date for line in lines if line.delivery_date]
    return max(dates) if dates else None


@transaction.atomic
def delete_draft(order):
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_draft(order)
    files = [attachment.file for attachment in order.attachments.all()]
    order.delete()
    # The files go once the rows are gone for good: a rollback keeps both.
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])


def can_cancel(order):
    """Makulera (F-07): the whole order, only while no line is picked or
    delivered."""
    return OrderStatus.CANCELLED in TRANSITIONS[order.status]


@transaction.atomic
def cancel_order(order, user):
    """Cancel a registered order: release its reservations and remove the
    ordered aids from the recipient. Cancelling it again changes nothing."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.CANCELLED:
        return order
    if not can_cancel(order):
        raise ValidationError(
            _(
                "Ordern kan inte makuleras eftersom leveransen redan har "
                "påbörjats. Ring kundtjänst."
            ),
            code="not_cancellable",
        )
    lines = list(order.lines.select_related("article"))
    to_release = [
        (line.article, line.reserved_quantity)
        for line in lines
        if line.reserved_quantity
    ]
    if to_release:
        release(
            order.warehouse,
            to_release,
            reason=_("Kundorder %(number)s makulerad") % {"number": order.number},
            user=user,
        )
    holding_ids = [line.holding_id for line in lines if line.holding_id]
    for line in lines:
        line.status = LineStatus.CANCELLED
        line.reserved_quantity = 0
        line.holding = None
    OrderLine.objects.bulk_update(lines, ["status", "reserved_quantity", "holding"])
    Holding.objects.filter(pk__in=holding_ids).delete()
    set_status(
        order, OrderStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=user
    )
    return order


def set_status(order, status, **fields):
    """Move the order to `status` along TRANSITIONS, saving `fields` (the
    stamps that go with it) in the same statement; any other move is
    refused."""
    if status not in TRANSITIONS[order.status]:
        raise ValidationError(
            _("Order %(number)s kan inte gå från %(old)s till %(new)s."),
            code="transition",
            params={
                "number": order.number or "",
                "old": order.get_status_display().lower(),
                "new": OrderStatus(status).label.lower(),
            },
        )
    order.status = status
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["status", "updated_at", *fields])


def _refresh_status(order):
    """The order's status follows its lines."""
    statuses = set(order.lines.values_list("status", flat=True))
    live = statuses - {LineStatus.CANCELLED}
    if not live:
        status = OrderStatus.CANCELLED
    elif live == {LineStatus.DELIVERED}:
        status = OrderStatus.DELIVERED
    elif live & {LineStatus.DELIVERED, LineStatus.PARTLY_DELIVERED}:
        status = OrderStatus.PARTLY_DELIVERED
    elif LineStatus.PICKED in live:
        status = OrderStatus.PICKED
    else:
        status = OrderStatus.REGISTERED
    if order.status != status:
        set_status(order, status)


def _locked_line(line):
    line = (
        OrderLine.objects.select_for_update(of=("self",))
        .select_related("order__warehouse", "article", "holding")
        .get(pk=line.pk)
    )
    if line.status in (LineStatus.DELIVERED, LineStatus.CANCELLED):
        raise ValidationError(
            _("Rad %(position)s är %(status)s."),
            code="line_closed",
            params={
                "position": line.position,
                "status": line.get_status_display().lower(),
            },
        )
    return line


@transaction.atomic
def mark_picked(line, user):
    """Customer service has picked the line in the warehouse."""
    line = _locked_line(line)
    if line.status == LineStatus.REGISTERED:
        line.status = LineStatus.PICKED
        line.picked_at = timezone.now()
        line.save(update_fields=["status", "picked_at"])
        _refresh_status(line.order)
    return line


def _individual_for(line, individual_no):
    """The unit to deliver on an I-marked line: one in the warehouse, or a
    new one registered now."""
    if not individual_no:
        raise ValidationError(
            _("Ange individnummer för individmärkt artikel %(number)s."),
            code="individual_required",
            params={"number": line.article.article_no},
        )
    individual, created = Individual.objects.select_for_update().get_or_create(
        individual_no=individual_no,
        defaults={"article": line.article, "warehouse": line.order.warehouse},
    )
    # A unit with no warehouse recorded (older imports) counts as being at
    # the delivering one; one in another warehouse cannot leave from here.
    if not created and (
        individual.article_id != line.article_id
        or individual.location != IndividualLocation.IN_WAREHOUSE
        or individual.warehouse_id not in (None, line.order.warehouse_id)
    ):
        raise ValidationError(
            _(
                "Individ %(individual)s är inte en artikel %(number)s i lager och "
                "kan inte levereras på raden."
            ),
            code="individual_unavailable",
            params={"individual": individual_no, "number": line.article.article_no},
        )
    return individual


@transaction.atomic
def ship_line(line, quantity, user, individual_no=""):
    """Deliver `quantity` of a line: the stock leaves the warehouse, the
    recipient's aid becomes delivered, an I-marked unit moves to the
    recipient with a history row."""
    line = _locked_line(line)
    order = line.order
    if not 1 <= quantity <= line.remaining_quantity:
        raise ValidationError(
            _("Levererat antal ska vara 1–%(max)s."),
            code="ship_quantity",
            params={"max": line.remaining_quantity},
        )
    reason = _("Kundorder %(number)s") % {"number": order.number}
    missing = quantity - min(quantity, line.reserved_quantity)
    if missing:
        try:
            reserve(order.warehouse, [(line.article, missing)], reason, user)
        except InsufficientStock as shortage:
            raise ValidationError(
                _("Lagret %(warehouse)s saknar saldo för artikel %(number)s."),
                code="no_stock",
                params={
                    "warehouse": order.warehouse.code,
                    "number": line.article.article_no,
                },
            ) from shortage
        line.reserved_quantity += missing
    issue(order.warehouse, line.article, quantity, reason, user)
    today = timezone.localdate()
    line.reserved_quantity -= quantity
    line.delivered_quantity += quantity
    line.status = (
        LineStatus.DELIVERED
        if line.delivered_quantity == line.quantity
        else LineStatus.PARTLY_DELIVERED
    )
    line.save(update_fields=["reserved_quantity", "delivered_quantity", "status"])
    holding = line.holding
    if line.article.individually_marked:
        individual = _individual_for(line, individual_no)
        individual.location = IndividualLocation.AT_RECIPIENT
        individual.warehouse = None
        individual.save(update_fields=["location", "warehouse"])
        IndividualHistory.objects.create(
            individual=individual,
            happened_on=today,
            kind=HistoryKind.DELIVERED,
            person=order.person,
            care_unit=order.care_unit,
            note=_("Kundorder %(number)s") % {"number": order.number},
        )
        holding.individual = individual
    holding.delivered_on = today
    holding.delivered_quantity = line.delivered_quantity
    holding.save(update_fields=["individual", "delivered_on", "delivered_quantity"])
    _refresh_status(order)
    return line


@transaction.atomic
def change_delivery_date(line, new_date, reason, user):
    """Move a line's delivery date and tell the prescriber why. The date is
    a working day, as the prescriber side computes them. With samleverans
    the order's open lines are delivered together, so all of them move to
    the new date. Returns the lines moved."""
    line = _locked_line(line)
    if new_date < timezone.localdate():
        raise ValidationError(
            _("Det nya leveransdatumet kan inte vara passerat."), code="past_date"
        )
    if not is_working_day(new_date):
        raise ValidationError(
            _(
                "%(date)s är inte en arbetsdag. Välj en vardag som inte är "
                "helgdag eller helgafton."
            ),
            code="not_working_day",
            params={"date": new_date.isoformat()},
        )
    order = line.order
    old_date = line.delivery_date
    moved = [line]
    if order.joint_delivery:
        moved = list(
            order.lines.select_for_update(of=("self",))
            .filter(status__in=OPEN_LINE_STATUSES)
            .select_related("article")
            .order_by("position")
        )
    for each in moved:
        each.delivery_date = new_date
    OrderLine.objects.bulk_update(moved, ["delivery_date"])
    notify(
        order.prescriber,
        _("Nytt leveransdatum för order %(number)s") % {"number": order.number},
        _(
            "Artikel %(article)s på order %(number)s levereras "
            "%(new)s i stället för %(old)s. Orsak: %(reason)s"
        )
        % {
            "article": ", ".join(
                f"{each.article.article_no} {each.article.name}" for each in moved
            ),
            "number": order.number,
            "new": new_date.isoformat(),
            "old": old_date.isoformat() if old_date else "–",
            "reason": reason,
        },
        about=order,
    )
    return moved


def journal_text(order, lines):
    """The lines as plain text to paste into a medical record."""
    header = _("Beställning av hjälpmedel %(number)s, %(date)s") % {
        "number": order.number or _("(ej verkställd)"),
        "date": timezone.localdate(order.executed_at).isoformat()
        if order.executed_at
        else timezone.localdate().isoformat(),
    }
    rows = [header, _("Mottagare: %(name)s") % {"name": order.recipient.name}]
    for line in lines:
        row = f"{line.article.article_no} {line.article.name}, {line.quantity} {line.article.get_unit_display()}"
        if line.delivery_date:
            row += ", " + _("leveransdatum %(date)s") % {
                "date": line.delivery_date.isoformat()
            }
        rows.append(row)
    return "\n".join(rows)


def purge_abandoned_drafts(days, now=None):
    """Remove drafts untouched for `days` days; returns how many. Each is
    locked and checked again before it goes: one executed or saved since the
    listing is kept."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    abandoned = Order.objects.filter(status=OrderStatus.DRAFT, updated_at__lt=cutoff)
    removed = 0
    for pk in list(abandoned.values_list("pk", flat=True)):
        with transaction.atomic():
            order = abandoned.select_for_update().filter(pk=pk).first()
            if order is not None:
                delete_draft(order)
                removed += 1
    return removed

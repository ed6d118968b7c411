"""A draft and its lines: started once per form, articles added and
changed, saved against a stale page, deleted, and purged when abandoned."""

import uuid
from collections import Counter
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from aids.recipients import deceased_refusal
from catalog.models import Article
from core.attachments import delete_on_commit
from core.tokens import made_with_token
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from ..choices import STORE_KINDS, OrderKind, OrderStatus
from ..models import Order, OrderLine
from .alternatives import choose_alternative, has_alternatives_in_stock
from .details import choose_customer
from .rules import (
    DECEASED,
    _check_draft,
    _check_quantity,
    _outside_request,
)
from .stores import check_stocked, check_store, one_unit_per_line, unit_on_shelf


@transaction.atomic
def start_order(user, recipient, kind=OrderKind.ORDER, token=None, store=None):
    """A new draft for a patient or a care unit (a basket loan: for neither),
    delivered from the main warehouse, or for a withdrawal or a basket from
    `store`, one of the user's local stores. With only one customer to
    order for, it is chosen at once. `token` (the form's) becomes its id:
    the same form sent again returns the draft it made, never a second one."""
    if refusal := deceased_refusal(recipient.person, DECEASED):
        raise ValidationError(refusal, code="deceased")
    check_store(user, kind, store)
    # Under a lock on the user: a double click's two POSTs take turns here.
    User.objects.select_for_update().filter(pk=user.pk).first()
    made = token and made_with_token(
        Order.objects.select_related("person", "care_unit"),
        token,
        _("Formuläret har redan skickats. Börja om."),
        prescriber_id=user.pk,
        status=OrderStatus.DRAFT,
        kind=kind,
        person=recipient.person,
        care_unit=recipient.care_unit,
    )
    if made:
        return made
    order = Order.objects.create(
        id=token or uuid.uuid4(),
        prescriber=user,
        kind=kind,
        warehouse=store
        if kind in STORE_KINDS
        else Warehouse.objects.get(code=MAIN_WAREHOUSE),
        person=recipient.person,
        care_unit=recipient.care_unit,
    )
    customers = user.customers.select_related("default_payer")
    if kind in STORE_KINDS:
        customers = customers.filter(local_stores=store)
    customers = list(customers[:2])
    if len(customers) == 1:
        choose_customer(order, customers[0])
    return order


def orderable_article(article_no, order=None):
    """The article with this HMV number, or a ValidationError saying why it
    cannot be ordered (on `order`, whose recipient may have been granted an
    article outside the assortment)."""
    article = Article.objects.filter(article_no=article_no).first()
    if article is None:
        raise ValidationError(
            _("Det finns ingen artikel med artikelnummer %(number)s."),
            code="unknown_article",
            params={"number": article_no},
        )
    _outside_request(order, article)
    return article


def orderable_articles(numbers, order=None):
    """The articles with these HMV numbers, in the order given, or a
    ValidationError naming every number that is unknown or outside the
    assortment: numbers pasted together are added together or not at all.
    One number gets orderable_article's own message for its reason."""
    if len(numbers) == 1:
        return [orderable_article(numbers[0], order)]
    found = Article.objects.in_bulk(numbers, field_name="article_no")
    refused = list(
        dict.fromkeys(
            number
            for number in numbers
            if number not in found or not _may_order(found[number], order)
        )
    )
    if refused:
        raise ValidationError(
            ngettext(
                "Artikelnummer %(numbers)s finns inte eller ingår inte i "
                "sortimentet och kan inte beställas här. Ingen rad är tillagd.",
                "Artikelnumren %(numbers)s finns inte eller ingår inte i "
                "sortimentet och kan inte beställas här. Ingen rad är tillagd.",
                len(refused),
            ),
            code="unknown_article",
            params={"numbers": ", ".join(refused)},
        )
    return [found[number] for number in numbers]


def _may_order(article, order):
    try:
        _outside_request(order, article)
    except ValidationError:
        return False
    return True


def _locked(order):
    """The draft read afresh and locked, with what its lines are checked
    against (payer, warehouse), so the steps that follow read nothing again."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("payer", "warehouse")
        .get(pk=order.pk)
    )


@transaction.atomic
def add_line(order, article, quantity=1, payer=None):
    """Add an article to a draft. An individually marked article is one unit
    per line, so it becomes `quantity` lines. Returns the new lines; those
    whose article replaces older ones with stock wait for the prescriber's
    choice (`alternatives_pending`)."""
    order = _locked(order)
    _check_draft(order)
    lines = _add_line(order, article, quantity, payer)
    order.save(update_fields=["updated_at"])
    return lines


def _add_line(order, article, quantity, payer):
    """add_line on a draft already locked and checked; saves no change time."""
    _check_quantity(quantity)
    outside_request = _outside_request(order, article)
    check_stocked(order, [article])
    pending = has_alternatives_in_stock(article, order.warehouse)
    if one_unit_per_line(order, article):
        units = [1] * quantity
    else:
        units = [quantity]
    # Who pays for a basket's line is decided when the loan is settled.
    if order.kind == OrderKind.BASKET or payer == order.payer:
        payer = None
    last = order.lines.aggregate(last=Max("position"))["last"] or 0
    return OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            position=last + offset,
            article=article,
            quantity=units_on_line,
            payer=payer,
            alternatives_pending=pending,
            outside_request=outside_request,
        )
        for offset, units_on_line in enumerate(units, start=1)
    )


@transaction.atomic
def update_lines(order, changes, removed=()):
    """Save the lines page: `changes` maps a line to (quantity, payer), and
    the lines in `removed` are deleted."""
    order = _locked(order)
    _check_draft(order)
    _update_lines(order, changes, removed)
    order.save(update_fields=["updated_at"])


def _update_lines(order, changes, removed):
    """update_lines on a draft already locked and checked; saves no change
    time."""
    order.lines.filter(pk__in=[line.pk for line in removed]).delete()
    changed = []
    for line, (quantity, payer) in changes.items():
        # A line of another order is never changed through this one.
        if line in removed or line.order_id != order.pk:
            continue
        _check_quantity(quantity)
        if quantity != 1 and one_unit_per_line(order, line.article):
            raise ValidationError(
                _("Individmärkt artikel %(number)s beställs en per rad.")
                if line.article.individually_marked
                else _(
                    "I varukorgen lånas ett exemplar per rad. Lägg till fler "
                    "rader av artikel %(number)s i stället."
                ),
                code="individual_quantity",
                params={"number": line.article.article_no},
            )
        if order.kind == OrderKind.BASKET or payer == order.payer:
            payer = None
        if (line.quantity, line.payer_id) != (quantity, payer and payer.pk):
            line.quantity, line.payer = quantity, payer
            changed.append(line)
    OrderLine.objects.bulk_update(changed, ["quantity", "payer"])


def _choose_individuals(order, individuals, removed):
    """Put the chosen units on the draft's lines; each must be on the
    store's shelf, and one unit goes on one line only."""
    if not individuals:
        return
    changed = []
    for line, individual_no in individuals.items():
        if line in removed or line.order_id != order.pk:
            continue
        individual = (
            unit_on_shelf(order, line, individual_no) if individual_no else None
        )
        if line.individual_id != (individual and individual.pk):
            line.individual = individual
            changed.append(line)
    OrderLine.objects.bulk_update(changed, ["individual"])
    taken = [
        number
        for number, count in Counter(
            order.lines.filter(individual__isnull=False).values_list(
                "individual__individual_no", flat=True
            )
        ).items()
        if count > 1
    ]
    if taken:
        raise ValidationError(
            _("Individ %(individual)s står på mer än en rad."),
            code="individual_twice",
            params={"individual": ", ".join(taken)},
        )


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


def start_or_reuse_draft(
    user, recipient, token, order=None, articles=(), kind=OrderKind.ORDER, store=None
):
    """Continue `order`, or start the token's new draft of `kind` (from
    `store`) for `recipient` (made once however often the form is sent),
    and put the articles on it. Returns the draft and its new lines."""
    order = order or start_order(user, recipient, kind, token=token, store=store)
    return order, add_articles(order, articles)


class StaleDraft(Exception):
    """The draft has changed since the page that posted was shown."""


def draft_version(order):
    """What a page of the draft carries to tell a repeated or stale POST
    (double click, second tab) from a fresh one: its last change time."""
    return order.updated_at.isoformat()


def save_lines(
    order,
    shown_version,
    changes,
    removed=(),
    new_line=None,
    choice=None,
    individuals=None,
):
    """Save the lines page at once: quantities and payers (`changes`), the
    lines in `removed` deleted, the outgoing alternative `choice` (line,
    article) taken, the units taken from a local store's shelf
    (`individuals`: line → individual number, "" for none yet) and
    `new_line` (articles, quantity, payer) added, a line per article (several
    when pasted together). Raises StaleDraft, saving nothing, when the draft
    changed since the page with `shown_version` was shown; a refused choice
    or unit saves nothing either. Returns the added lines; `order` has the
    draft's new change time."""
    with transaction.atomic():
        # Checked under the lock: two POSTs at the same moment. The draft is
        # locked and read once for all of it, and its change time saved once.
        locked = _locked(order)
        if draft_version(locked) != shown_version:
            raise StaleDraft
        _check_draft(locked)
        _update_lines(locked, changes, removed)
        if choice and choice[0] not in removed:
            choose_alternative(*choice)
        _choose_individuals(locked, individuals or {}, removed)
        added = []
        if new_line:
            articles, quantity, payer = new_line
            for article in articles:
                added += _add_line(locked, article, quantity, payer)
        locked.save(update_fields=["updated_at"])
    order.updated_at = locked.updated_at
    return added


@transaction.atomic
def delete_draft(order):
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_draft(order)
    files = [attachment.file for attachment in order.attachments.all()]
    order.delete()
    delete_on_commit(files)


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

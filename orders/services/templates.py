"""Beställningsmallar (F-12): the articles a customer's prescribers order to
their own store again and again, kept with quantities, and put on a care
unit's draft in one go. A template belongs to its customer, so colleagues
share it; its rows pass the same checks as order lines."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import Customer
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from ..models import OrderTemplate, OrderTemplateLine
from .drafts import _add_line, _locked
from .rules import _check_draft, _check_in_assortment, _check_quantity


class StaleTemplate(Exception):
    """The template's rows have changed since the page that posted was shown."""


def template_version(lines):
    """What the template's page carries to tell a repeated or stale POST
    (double click, a colleague's change) from a fresh one: its rows as they
    were shown. A template has no change time of its own."""
    rows = ",".join(f"{line.pk}:{line.quantity}" for line in lines)
    return hashlib.sha256(rows.encode()).hexdigest()[:16]


@transaction.atomic
def create_template(user, customer, name):
    """A new, empty template of one of the user's customers, delivered from
    the main warehouse. A name the customer already uses is refused."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Ange ett namn på mallen."), code="name_required")
    if not user.customers.filter(pk=customer.pk).exists():
        raise ValidationError(
            _("Du kan inte skapa mallar för den kunden."), code="customer"
        )
    # Under a lock on the customer: two colleagues naming a template alike at
    # the same moment take turns here, and the second is told.
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    if OrderTemplate.objects.filter(customer=customer, name__iexact=name).exists():
        raise ValidationError(
            _("Kunden har redan en beställningsmall med namnet %(name)s."),
            code="name_taken",
            params={"name": name},
        )
    return OrderTemplate.objects.create(
        customer=customer,
        name=name,
        warehouse=Warehouse.objects.get(code=MAIN_WAREHOUSE),
        created_by=user,
    )


def _locked_template(template):
    return OrderTemplate.objects.select_for_update().get(pk=template.pk)


def save_template(template, shown_version, changes, removed=(), new_line=None):
    """Save the template's page at once: `changes` maps a row to its
    quantity, the rows in `removed` are deleted and `new_line` (article,
    quantity) is added at the end. Raises StaleTemplate, saving nothing,
    when the rows changed since the page with `shown_version` was shown.
    Returns the added row or None."""
    with transaction.atomic():
        locked = _locked_template(template)
        lines = list(locked.lines.order_by("position"))
        if template_version(lines) != shown_version:
            raise StaleTemplate
        removed_ids = {line.pk for line in removed}
        locked.lines.filter(pk__in=removed_ids).delete()
        changed = []
        for line, quantity in changes.items():
            # A row of another template is never changed through this one.
            if line.pk in removed_ids or line.template_id != locked.pk:
                continue
            _check_quantity(quantity)
            if line.quantity != quantity:
                line.quantity = quantity
                changed.append(line)
        OrderTemplateLine.objects.bulk_update(changed, ["quantity"])
        if new_line is None:
            return None
        article, quantity = new_line
        return _add_template_line(locked, lines, removed_ids, article, quantity)


def _add_template_line(template, lines, removed_ids, article, quantity):
    _check_quantity(quantity)
    _check_in_assortment(article)
    if any(
        line.article_id == article.pk and line.pk not in removed_ids for line in lines
    ):
        raise ValidationError(
            _(
                "Artikel %(number)s finns redan i mallen. Ändra antalet på "
                "dess rad i stället."
            ),
            code="article_in_template",
            params={"number": article.article_no},
        )
    last = template.lines.aggregate(last=Max("position"))["last"] or 0
    return OrderTemplateLine.objects.create(
        template=template, position=last + 1, article=article, quantity=quantity
    )


@transaction.atomic
def delete_template(template):
    """Remove a template, which must have no rows left: the manual's way is
    to remove the rows first, so a template is never lost by one click."""
    locked = _locked_template(template)
    if locked.lines.exists():
        raise ValidationError(
            _("Ta bort mallens alla rader innan du tar bort mallen."),
            code="template_has_lines",
        )
    locked.delete()


@dataclass
class TemplateOrdered:
    """What ordering from a template did: the new order lines, the articles
    already on the draft (left as they were) and those no longer in the
    assortment."""

    added: list = field(default_factory=list)
    present: list = field(default_factory=list)
    refused: list = field(default_factory=list)


def order_from_template(order, template, picks):
    """Put the ticked rows of a template on a care unit's draft: `picks` is
    a list of (template row, quantity). An article already on the draft is
    left as it is, so a repeated Beställ adds nothing twice; an article that
    has left the assortment since the row was saved is not added."""
    if order.care_unit_id is None:
        raise ValidationError(
            _("Beställningsmallar används vid beställning till en vårdenhet."),
            code="not_care_unit",
        )
    if template.customer_id != order.customer_id:
        raise ValidationError(
            _("Mallen hör till en annan kund än beställningen."),
            code="other_customer",
        )
    done = TemplateOrdered()
    with transaction.atomic():
        # Locked first: a double click's second POST sees the first's lines.
        locked = _locked(order)
        _check_draft(locked)
        present = set(locked.lines.values_list("article_id", flat=True))
        for line, quantity in picks:
            article = line.article
            if line.template_id != template.pk:
                continue
            if article.pk in present:
                done.present.append(article)
            elif not article.in_assortment:
                done.refused.append(article)
            else:
                done.added += _add_line(locked, article, quantity, None)
                present.add(article.pk)
        locked.save(update_fields=["updated_at"])
    order.updated_at = locked.updated_at
    return done

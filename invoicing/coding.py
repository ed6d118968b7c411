"""Egna mallar för eFaktura (issue 16): a payer's users map its invoice
lines to the kodsträng of its accounting system.

Staff set the payer's kodsträng format in the admin: ordered segments
(konto, ansvar, ...) with a most number of characters each. The payer's
users keep templates: criteria (customer, ISO class prefix, article type,
line kind) and a value per segment. The first template by position whose
criteria all match a line codes it; the default template, which has no
criteria, codes the lines nothing else matched; without one they stay
uncoded (an empty kodsträng).

The kodsträng is the segment values in the format's order joined by
SEPARATOR, trailing empty segments left out: "4010-123--7" is konto 4010,
ansvar 123, verksamhet and aktivitet empty, projekt 7. Municipal systems
(Raindance, Agresso/Unit4) split a delimited AccountingCost by position;
fixed-width strings padded with spaces do not survive the XML's
whitespace handling. Values are letters and digits only, so the separator
never occurs in them.

Lines are coded when their invoice is written (services.create_invoice):
an issued invoice is never coded again, so a template change applies to
the invoices written after it. A credit line on a correction invoice
keeps the kodsträng of the line it credits, so the credit meets the
charge in the same account."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.models import Customer, Payer
from catalog.models import Article

from .choices import LineKind
from .models import CodingSegment, CodingTemplate, InvoiceLine

SEPARATOR = "-"
VALUE = re.compile(r"[0-9A-Za-z]*\Z")
DIGITS = re.compile(r"[0-9]*\Z")
MAX_LENGTH = InvoiceLine._meta.get_field("accounting_cost").max_length


def _get(line, name):
    """A field of a line: compute_month's dicts and InvoiceLine alike."""
    if isinstance(line, dict):
        return line.get(name)
    return getattr(line, name)


def line_kind(line):
    """The kind a template's line kind is compared with: a correction line
    is coded as the kind of line it corrects."""
    kind = _get(line, "kind")
    if kind == LineKind.CORRECTION:
        return _get(line, "corrected_kind")
    return kind


def kodstrang(segments, values):
    """The kodsträng of a template's `values` ({segment id: value}) in the
    order of `segments`."""
    parts = [values.get(str(segment.pk), "") for segment in segments]
    return SEPARATOR.join(parts).rstrip(SEPARATOR)[:MAX_LENGTH]


def article_classes(article_ids):
    """{article id: (ISO code, article type)} in one query."""
    return {
        pk: (code, kind)
        for pk, code, kind in Article.objects.filter(pk__in=article_ids).values_list(
            "pk", "iso_class__code", "article_type"
        )
    }


def _matches(template, customer_id, article, kind):
    if template.customer_id is not None and template.customer_id != customer_id:
        return False
    if template.iso_prefix and not article[0].startswith(template.iso_prefix):
        return False
    if template.article_type and template.article_type != article[1]:
        return False
    return not template.line_kind or template.line_kind == kind


class Coder:
    """Codes a payer's lines: coder(line) is the line's kodsträng and
    coder.template(line) the template that gave it (None: uncoded)."""

    def __init__(self, segments, templates, articles):
        self.templates = templates
        self.strings = {
            template.pk: kodstrang(segments, template.values) for template in templates
        }
        self.needs_articles = any(t.iso_prefix or t.article_type for t in templates)
        self.articles = articles
        # Lines repeat the same customer, article and kind many times over.
        self.memo = {}

    def template(self, line):
        customer_id = _get(line, "customer_id")
        article_id = _get(line, "article_id")
        kind = line_kind(line)
        key = (customer_id, article_id, kind)
        if key not in self.memo:
            article = ("", "")
            if self.needs_articles:
                if article_id not in self.articles:
                    self.articles.update(article_classes([article_id]))
                article = self.articles.get(article_id, article)
            self.memo[key] = next(
                (t for t in self.templates if _matches(t, customer_id, article, kind)),
                None,
            )
        return self.memo[key]

    def __call__(self, line):
        template = self.template(line)
        return "" if template is None else self.strings[template.pk]


def coder_for(payer, lines=()):
    """The Coder of `payer` (a Payer or its id), its format and templates
    read once. The ISO class and type of the articles on `lines` are read
    in one query, and only when a template asks for them; an article not on
    `lines` is read when first met."""
    payer_id = getattr(payer, "pk", payer)
    segments = list(CodingSegment.objects.filter(payer_id=payer_id))
    templates = (
        list(CodingTemplate.objects.filter(payer_id=payer_id)) if segments else []
    )
    coder = Coder(segments, templates, {})
    if coder.needs_articles:
        coder.articles = article_classes({_get(line, "article_id") for line in lines})
    return coder


def payer_customers(payer, keep=None):
    """The customers a template may name: those the payer pays for by
    default (Customer.default_payer), and the customer `keep` (an id) a
    template already names, even when no longer the payer's."""
    return Customer.objects.filter(Q(default_payer=payer) | Q(pk=keep)).order_by(
        "kundid"
    )


def check_value(segment, value):
    """Raise ValidationError unless `value` fits `segment`."""
    if segment.required and not value:
        raise ValidationError(
            _("Ange %(name)s."), code="required", params={"name": segment.name}
        )
    if len(value) > segment.length:
        raise ValidationError(
            _("%(name)s får vara högst %(length)s tecken."),
            code="max_length",
            params={"name": segment.name.capitalize(), "length": segment.length},
        )
    if segment.digits_only and not DIGITS.match(value):
        raise ValidationError(
            _("%(name)s får bara innehålla siffror."),
            code="digits",
            params={"name": segment.name.capitalize()},
        )
    if not VALUE.match(value):
        raise ValidationError(
            _("%(name)s får bara innehålla bokstäver A–Z och siffror."),
            code="characters",
            params={"name": segment.name.capitalize()},
        )


def _locked_payer(user, payer):
    """The payer locked, so that its users' changes to its templates take
    turns; PermissionDenied unless the user may see it."""
    locked = Payer.objects.visible_to(user).select_for_update().filter(pk=payer.pk)
    locked = locked.first()
    if locked is None:
        raise PermissionDenied
    return locked


FIELDS = ["name", "is_default", "customer", "iso_prefix", "article_type", "line_kind"]


def _same(template, data):
    return all(getattr(template, name) == data[name] for name in [*FIELDS, "values"])


@transaction.atomic
def save_template(user, payer, data, template=None):
    """Create a template of `payer` from `data` (FIELDS and `values`), or
    change `template`. A name the payer's templates already use and a
    second default are refused with a ValidationError naming the field;
    creating a template exactly like one already there (a form sent twice)
    returns that one. A new template comes last."""
    payer = _locked_payer(user, payer)
    others = CodingTemplate.objects.filter(payer=payer)
    if template is not None:
        template = others.filter(pk=template.pk).first()
        if template is None:
            raise ValidationError(_("Mallen har tagits bort."), code="gone")
        others = others.exclude(pk=template.pk)
    clash = others.filter(name__iexact=data["name"]).first()
    if clash is not None:
        if template is None and _same(clash, data):
            return clash
        raise ValidationError(
            {
                "name": ValidationError(
                    _("Det finns redan en mall med namnet %(name)s."),
                    code="name_taken",
                    params={"name": clash.name},
                )
            }
        )
    if data["is_default"]:
        default = others.filter(is_default=True).first()
        if default is not None:
            raise ValidationError(
                {
                    "is_default": ValidationError(
                        _(
                            "Betalaren har redan en standardmall, %(name)s. Ändra "
                            "den i stället."
                        ),
                        code="default_taken",
                        params={"name": default.name},
                    )
                }
            )
    if template is None:
        template = CodingTemplate(payer=payer)
    was_default = template.pk is not None and template.is_default
    for name in [*FIELDS, "values"]:
        setattr(template, name, data[name])
    if template.is_default:
        template.position = 0
    elif template.pk is None or was_default:
        last = others.aggregate(last=Max("position"))["last"] or 0
        template.position = last + 1
    template.save()
    return template


@transaction.atomic
def delete_template(user, payer, template_id):
    """Remove one of the payer's templates; False when it was already gone
    (the same form sent twice)."""
    payer = _locked_payer(user, payer)
    deleted, _rows = CodingTemplate.objects.filter(payer=payer, pk=template_id).delete()
    return bool(deleted)


@transaction.atomic
def move_template(user, payer, template_id, up, shown_position):
    """Swap a template with the one before (`up`) or after it. Nothing
    happens when its position is no longer `shown_position`: the page was
    sent twice, or someone else moved it. The default stays last."""
    payer = _locked_payer(user, payer)
    ordered = list(
        CodingTemplate.objects.filter(payer=payer, is_default=False).order_by(
            "position"
        )
    )
    index = next((i for i, t in enumerate(ordered) if t.pk == template_id), None)
    if index is None or ordered[index].position != shown_position:
        return False
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return False
    first, second = ordered[index], ordered[other]
    first.position, second.position = second.position, first.position
    CodingTemplate.objects.bulk_update([first, second], ["position"])
    return True

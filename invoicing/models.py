"""Invoices to payers, one per payer and month (issue 16). An issued
invoice is never edited: a later change to a month already invoiced is
charged by correction lines on a correction invoice that refer to it."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer
from aids.models import Holding, Individual, Person
from catalog.choices import ArticleType
from catalog.models import Article, iso_code
from core.audit import audited
from workorders.models import WorkOrder

from .choices import InvoiceStatus, LineKind

ORE = Decimal("0.01")
# Printed on the invoice: how a line's amount is rounded.
ROUNDING_RULE = _(
    "Hyra per dag: månadshyra × antal × dagar / dagar i månaden. Varje rads "
    "belopp avrundas till hela öre, 0,5 öre uppåt."
)


def to_ore(amount):
    """`amount` rounded to öre as ROUNDING_RULE says (half up)."""
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


def invoiced_name(last_name, first_name):
    """A patient's name as an invoice line keeps it, "Efternamn, Förnamn":
    the lines sort by it within a customer (the database's sv-SE collation
    puts the comma before any letter, so Ek, Olle comes before Eka, Anna)."""
    return ", ".join(part for part in (last_name, first_name) if part)


def amount_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2)


class InvoiceCounter(models.Model):
    """The last serial of invoices in one ISO week (core.numbering)."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("fakturanummerserie")
        verbose_name_plural = _("fakturanummerserier")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"


class InvoiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The invoices of the payers the user may see (Payer.visible_to);
        every E-faktura page fetches through this and answers 404 otherwise."""
        return self.filter(payer__in=Payer.objects.visible_to(user))


def pdf_path(invoice, filename):
    """Where an invoice's PDF is kept in the storage: by year and number,
    nothing about the patients on it."""
    return f"fakturor/{invoice.invoice_date:%Y}/{invoice.number}.pdf"


class Invoice(models.Model):
    number = models.CharField(_("fakturanummer"), max_length=9, unique=True)
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("betalare"),
    )
    # The first day of the month invoiced.
    month = models.DateField(_("månad"))
    # A correction invoice holds only correction lines for `month`, which
    # was already invoiced.
    is_correction = models.BooleanField(_("rättelsefaktura"), default=False)
    invoice_date = models.DateField(_("fakturadatum"))
    due_date = models.DateField(_("förfallodatum"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.ISSUED,
    )
    total_excl_vat = amount_field(_("summa exkl. moms"))
    total_vat = amount_field(_("moms"))
    total_incl_vat = amount_field(_("att betala"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # The PDF, made once (invoicing.pdf_files): an issued invoice never
    # changes, and a large one takes longer to lay out than a request may.
    pdf = models.FileField(
        _("PDF"), upload_to=pdf_path, blank=True, editable=False, max_length=200
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "number"]
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        constraints = [
            # One invoice per payer and month: a repeated run finds it.
            models.UniqueConstraint(
                fields=["payer", "month"],
                condition=Q(is_correction=False),
                name="one_invoice_per_payer_month",
            ),
            models.CheckConstraint(
                condition=Q(
                    total_incl_vat=models.F("total_excl_vat") + models.F("total_vat")
                ),
                name="invoice_total_adds_up",
            ),
        ]
        indexes = [models.Index(fields=["payer", "month"], name="invoice_payer_month")]

    def __str__(self):
        return self.number

    def vat_totals(self):
        """[(rate, net, vat)] per VAT rate, from its subtotals (written with
        the lines and checked against them), not from every line."""
        return vat_totals(self.subtotals.values_list("vat_rate", "net"))


class InvoiceSubtotal(models.Model):
    """An invoice's lines counted and summed per customer and VAT rate,
    written with its lines (invoicing.lines.write_subtotals; an issued
    invoice never changes): its page reads the invoice's totals and
    customers from these few rows instead of adding up every line on
    every view."""

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.CASCADE,
        related_name="subtotals",
        verbose_name=_("faktura"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kund"),
    )
    vat_rate = models.DecimalField(_("moms (%)"), max_digits=5, decimal_places=2)
    count = models.PositiveIntegerField(_("antal rader"))
    net = amount_field(_("belopp exkl. moms"))

    class Meta:
        verbose_name = _("delsumma")
        verbose_name_plural = _("delsummor")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "customer", "vat_rate"],
                nulls_distinct=False,
                name="one_subtotal_per_customer_rate",
            )
        ]

    def __str__(self):
        return f"{self.invoice_id} {self.customer_id} {self.vat_rate}: {self.net}"


def vat_totals(rate_amounts):
    """[(rate, net, vat)] per VAT rate of (rate, amount) pairs: each rate's
    VAT is rounded to öre once, on the rate's sum."""
    nets = {}
    for rate, amount in rate_amounts:
        nets[rate] = nets.get(rate, Decimal(0)) + amount
    return [(rate, net, to_ore(net * rate / 100)) for rate, net in sorted(nets.items())]


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("faktura"),
    )
    kind = models.CharField(_("typ"), max_length=10, choices=LineKind.choices)
    # What a correction line credits (negative) or charges again.
    corrected_kind = models.CharField(
        _("rättad typ"), max_length=10, choices=LineKind.choices, blank=True
    )
    original_invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("ursprunglig faktura"),
    )
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("innehav"),
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="+", verbose_name=_("artikel")
    )
    individual = models.ForeignKey(
        Individual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("individ"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("patient"),
    )
    # The patient's name when the line was invoiced (invoiced_name): an
    # issued invoice keeps the name its patient had, and the lines sort by it
    # without joining the persons. Blank for a care unit's line. Never an
    # address: a protected identity's name may be shown, its address not.
    recipient_name = models.CharField(_("mottagarens namn"), max_length=202, blank=True)
    care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vårdenhet"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kund"),
    )
    order_number = models.CharField(_("ordernummer"), max_length=12, blank=True)
    order_line_position = models.PositiveIntegerField(
        _("orderrad"), null=True, blank=True
    )
    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbetsorder"),
    )
    text = models.CharField(_("text"), max_length=200, blank=True)
    period_from = models.DateField(_("från"))
    period_to = models.DateField(_("till"))
    days = models.PositiveSmallIntegerField(_("dagar"), null=True, blank=True)
    quantity = models.IntegerField(_("antal"))
    unit_price = amount_field(_("à-pris"))
    amount = amount_field(_("belopp exkl. moms"))
    vat_rate = models.DecimalField(_("moms (%)"), max_digits=5, decimal_places=2)
    # The payer's kodsträng for this line, from its coding templates when the
    # invoice was issued (the UBL line's cbc:AccountingCost).
    accounting_cost = models.CharField(_("kodsträng"), max_length=100, blank=True)
    # The line's place on its invoice in the order the payer reads it
    # (invoicing.lines.READING_ORDER), numbered when the invoice is written
    # and never again, as an issued invoice never changes: a page of lines
    # is then a stretch of an index however large the invoice.
    position = models.PositiveIntegerField(_("plats"), default=0, editable=False)

    class Meta:
        ordering = ["invoice", "position", "id"]
        indexes = [
            models.Index(fields=["invoice", "position"], name="invoice_line_position")
        ]
        verbose_name = _("fakturarad")
        verbose_name_plural = _("fakturarader")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=LineKind.CORRECTION)
                | Q(corrected_kind="", original_invoice__isnull=True),
                name="invoice_line_correction_refers",
            ),
            models.CheckConstraint(
                condition=~Q(kind=LineKind.CORRECTION)
                | (~Q(corrected_kind="") & Q(original_invoice__isnull=False)),
                name="invoice_correction_has_original",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.article_id} {self.amount}"


class CheckedMonth(models.Model):
    """When a month's invoices were last compared with the facts they charge
    (the database's clock): a later run looks for changes dated back into
    the month made after this (invoicing.changes)."""

    month = models.DateField(_("månad"), primary_key=True)
    checked_at = models.DateTimeField(_("kontrollerad"))

    class Meta:
        verbose_name = _("kontrollerad månad")
        verbose_name_plural = _("kontrollerade månader")

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.checked_at}"


# Egna mallar för eFaktura: a payer's kodsträng and the templates that code
# its invoice lines (invoicing.coding).
SEGMENT_MAX_LENGTH = 30


class PayerCoding(Payer):
    """A payer as the admin's page for its kodsträng format shows it."""

    class Meta:
        proxy = True
        verbose_name = _("betalares kodsträng")
        verbose_name_plural = _("betalares kodsträngar")


@audited()
class CodingSegment(models.Model):
    """One part of a payer's kodsträng (konto, ansvar, ...), set by staff as
    the payer's accounting system wants it."""

    payer = models.ForeignKey(
        Payer,
        on_delete=models.CASCADE,
        related_name="coding_segments",
        verbose_name=_("betalare"),
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(
        _("namn"),
        max_length=30,
        help_text=_(
            "Till exempel konto, ansvar, verksamhet, aktivitet, projekt eller objekt."
        ),
    )
    length = models.PositiveSmallIntegerField(
        _("längd"), help_text=_("Högsta antal tecken i värdet.")
    )
    digits_only = models.BooleanField(_("bara siffror"), default=True)
    required = models.BooleanField(_("obligatorisk"), default=False)

    class Meta:
        ordering = ["payer", "position"]
        verbose_name = _("del av kodsträngen")
        verbose_name_plural = _("delar av kodsträngen")
        constraints = [
            models.UniqueConstraint(
                fields=["payer", "position"], name="coding_segment_position"
            ),
            models.UniqueConstraint("payer", Lower("name"), name="coding_segment_name"),
            models.CheckConstraint(
                condition=Q(length__gte=1, length__lte=SEGMENT_MAX_LENGTH),
                name="coding_segment_length",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.length})"


class CodingTemplateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The templates of the payers the user may see (Payer.visible_to)."""
        return self.filter(payer__in=Payer.objects.visible_to(user))


# A template matches a line when each criterion it gives is the line's.
CRITERIA = ["customer", "iso_prefix", "article_type", "line_kind"]
NO_CRITERIA = Q(customer__isnull=True, iso_prefix="", article_type="", line_kind="")


@audited()
class CodingTemplate(models.Model):
    """Which kodsträng the payer's lines get: the first template by position
    whose criteria all match a line codes it; the default template (no
    criteria) codes the rest. `values` holds each segment's value by the
    segment's id, so staff may rename or reorder segments."""

    payer = models.ForeignKey(
        Payer,
        on_delete=models.CASCADE,
        related_name="coding_templates",
        verbose_name=_("betalare"),
    )
    name = models.CharField(_("namn"), max_length=100)
    # The default template is 0 and comes last (Meta.ordering).
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_default = models.BooleanField(_("standardmall"), default=False)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kund"),
    )
    iso_prefix = models.CharField(
        _("ISO-klass"), max_length=6, blank=True, validators=[iso_code]
    )
    article_type = models.CharField(
        _("artikeltyp"), max_length=20, choices=ArticleType.choices, blank=True
    )
    # A correction line matches the kind it corrects (coding.line_kind).
    line_kind = models.CharField(
        _("radtyp"), max_length=10, choices=LineKind.choices, blank=True
    )
    values = models.JSONField(_("värden"), default=dict, blank=True)
    changed_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = CodingTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["payer", "is_default", "position", "id"]
        verbose_name = _("mall för eFaktura")
        verbose_name_plural = _("mallar för eFaktura")
        constraints = [
            models.UniqueConstraint(
                "payer", Lower("name"), name="coding_template_name"
            ),
            models.UniqueConstraint(
                fields=["payer"],
                condition=Q(is_default=True),
                name="one_default_coding_template",
            ),
            # Deferred: moving a template swaps two positions.
            models.UniqueConstraint(
                fields=["payer", "position"],
                name="coding_template_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            # The default codes what nothing else matches; any other
            # template without criteria would hide the ones after it.
            models.CheckConstraint(
                condition=(Q(is_default=True) & NO_CRITERIA)
                | (Q(is_default=False) & ~NO_CRITERIA),
                name="coding_template_criteria",
            ),
        ]

    def __str__(self):
        return self.name

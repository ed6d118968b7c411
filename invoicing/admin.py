"""Customer service reads the invoices and their lines to answer payers'
questions; nobody edits an issued invoice (the run corrects a month with a
correction invoice), so that is read-only. Staff set each payer's kodsträng
format (Betalares kodsträngar)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.readonly_admin import ReadOnlyAdmin

from .coding import MAX_LENGTH, SEPARATOR, check_value, kodstrang
from .lines import money, rate_text
from .models import (
    ROUNDING_RULE,
    CodingSegment,
    CodingTemplate,
    Invoice,
    InvoiceLine,
    PayerCoding,
)

LINE_FIELDS = [
    "invoice",
    "kind",
    "customer",
    "person",
    "recipient_name",
    "care_unit",
    "article",
    "individual",
    "order_number",
    "order_line_position",
    "work_order",
    "text",
    "period_from",
    "period_to",
    "days",
    "quantity",
    "unit_price",
    "amount",
    "vat_rate",
    "accounting_cost",
    "corrected_kind",
    "original_invoice",
]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(ReadOnlyAdmin):
    """An invoice's lines, paged: a region's invoice has tens of thousands,
    too many for one page (the invoice links here filtered to it)."""

    list_display = LINE_FIELDS
    list_filter = ["kind", "invoice__month"]
    search_fields = [
        "=invoice__number",
        "=person__personnummer",
        "=article__article_no",
        "=individual__individual_no",
        "=order_number",
    ]
    list_select_related = [
        "invoice",
        "customer",
        "person",
        "care_unit",
        "article",
        "individual",
        "work_order",
        "original_invoice",
    ]
    fields = LINE_FIELDS
    readonly_fields = LINE_FIELDS
    list_per_page = 200
    show_full_result_count = False

    # Both pages show the patients the payer pays for (Patientdatalagen).
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            persons = {
                (line.person, line.customer)
                for line in changelist.result_list
                if line.person is not None
            }
            log_access(access_context(request), persons, AccessAction.VIEW)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        line = self.get_object(request, object_id)
        if line is not None and line.person is not None:
            log_access(
                access_context(request),
                line.person,
                AccessAction.VIEW,
                line,
                customer=line.customer,
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "payer",
        "month",
        "is_correction",
        "invoice_date",
        "due_date",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
    ]
    list_filter = ["month", "is_correction"]
    search_fields = ["number", "payer__betalarid", "payer__name"]
    list_select_related = ["payer"]
    fields = [
        "number",
        "payer",
        "month",
        "is_correction",
        "status",
        "invoice_date",
        "due_date",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
        "vat_breakdown",
        "rounding_rule",
        "line_list",
    ]
    readonly_fields = fields

    @admin.display(description=_("moms per sats"))
    def vat_breakdown(self, invoice):
        return "; ".join(
            f"{rate_text(rate)} %: {money(net)} kr + {money(vat)} kr"
            for rate, net, vat in invoice.vat_totals()
        )

    @admin.display(description=_("avrundning"))
    def rounding_rule(self, invoice):
        return ROUNDING_RULE

    @admin.display(description=_("rader"))
    def line_list(self, invoice):
        url = reverse("admin:invoicing_invoiceline_changelist")
        return format_html(
            '<a href="{}?invoice__id__exact={}">{}</a>',
            url,
            invoice.pk,
            _("Visa fakturans %(count)s rader") % {"count": invoice.lines.count()},
        )


class SegmentFormSet(BaseInlineFormSet):
    """The kodsträng must fit the lines' field, and a segment may not be
    changed so that a value the payer's templates give it no longer fits."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        total = sum(form.cleaned_data["length"] for form in kept)
        total += len(SEPARATOR) * max(len(kept) - 1, 0)
        if total > MAX_LENGTH:
            raise ValidationError(
                _(
                    "Kodsträngen blir %(total)s tecken med bindestreck; den får "
                    "vara högst %(max)s."
                ),
                params={"total": total, "max": MAX_LENGTH},
            )
        templates = list(self.instance.coding_templates.all())
        for form in kept:
            segment = form.instance
            if segment.pk is None:
                continue
            # The form's instance has the new length and digits_only.
            for template in templates:
                value = template.values.get(str(segment.pk), "")
                try:
                    if value:
                        check_value(segment, value)
                except ValidationError as error:
                    form.add_error(
                        None,
                        _("Mallen %(name)s har värdet %(value)s: %(error)s")
                        % {
                            "name": template.name,
                            "value": value,
                            "error": " ".join(error.messages),
                        },
                    )


class CodingSegmentInline(admin.TabularInline):
    model = CodingSegment
    formset = SegmentFormSet
    fields = ["position", "name", "length", "digits_only", "required"]
    extra = 1


class CodingTemplateInline(admin.TabularInline):
    """The payer's own templates, for customer service to read: the payer's
    users keep them (Dina uppgifter, Egna mallar för eFaktura)."""

    model = CodingTemplate
    fields = [
        "position",
        "name",
        "is_default",
        "customer",
        "iso_prefix",
        "article_type",
        "line_kind",
        "string",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kodsträng"))
    def string(self, template):
        return kodstrang(template.payer.coding_segments.all(), template.values)


@admin.register(PayerCoding)
class PayerCodingAdmin(admin.ModelAdmin):
    """A payer's kodsträng: its segments in order, as its accounting
    system wants them; the payer's users then code lines with templates."""

    list_display = ["betalarid", "name", "segment_list"]
    search_fields = ["betalarid", "name"]
    fields = ["betalarid", "name"]
    readonly_fields = fields
    inlines = [CodingSegmentInline, CodingTemplateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coding_segments")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kodsträng"))
    def segment_list(self, payer):
        return SEPARATOR.join(
            f"{segment.name} ({segment.length})"
            for segment in payer.coding_segments.all()
        )

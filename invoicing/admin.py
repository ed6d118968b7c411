"""Customer service reads the invoices and their lines to answer payers'
questions; nobody edits an issued invoice (the run corrects a month with a
correction invoice), so everything here is read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from aids.models import Person
from core.readonly_admin import ReadOnlyAdmin

from .models import ROUNDING_RULE, Invoice, InvoiceLine


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    fk_name = "invoice"
    fields = [
        "kind",
        "customer",
        "person",
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
        "corrected_kind",
        "original_invoice",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "customer",
                "person",
                "care_unit",
                "article",
                "individual",
                "work_order",
                "original_invoice",
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
    ]
    readonly_fields = fields
    inlines = [InvoiceLineInline]

    @admin.display(description=_("moms per sats"))
    def vat_breakdown(self, invoice):
        return "; ".join(
            f"{rate} %: {net} kr + {vat} kr" for rate, net, vat in invoice.vat_totals()
        )

    @admin.display(description=_("avrundning"))
    def rounding_rule(self, invoice):
        return ROUNDING_RULE

    def change_view(self, request, object_id, form_url="", extra_context=None):
        invoice = self.get_object(request, object_id)
        if invoice is not None:
            # The lines name the patients the payer pays for.
            persons = Person.objects.filter(
                pk__in=invoice.lines.filter(person__isnull=False).values("person_id")
            )
            log_access(
                access_context(request), list(persons), AccessAction.VIEW, invoice
            )
        return super().change_view(request, object_id, form_url, extra_context)

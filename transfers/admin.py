"""Customer service's side of BMB: read every BMB, and reverse one, which
the service does with a new BMB; a BMB is never edited. The payer periods
BMBs leave are listed too, read-only, for invoicing questions."""

from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from aids.models import HoldingPayer
from core.admin_input import DateHierarchyAdmin
from core.readonly_admin import ReadOnlyAdmin
from orders.admin import CustomerFilter

from . import services
from .models import Transfer, TransferLine


class TransferLineInline(admin.TabularInline):
    model = TransferLine
    fields = [
        "article",
        "individual",
        "old_payer",
        "payer",
        "old_prescriber",
        "prescriber",
        "new_holding",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "holding__article",
                "holding__individual",
                "old_payer",
                "payer",
                "old_prescriber",
                "prescriber",
                "new_holding__article",
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("artikel"))
    def article(self, line):
        return line.holding.article

    @admin.display(description=_("individnummer"))
    def individual(self, line):
        return line.holding.individual or ""


def _persons(transfers):
    return {
        (person, transfer.customer)
        for transfer in transfers
        for person in transfer.persons
    }


@admin.register(Transfer)
class TransferAdmin(DateHierarchyAdmin, ReadOnlyAdmin):
    list_display = [
        "number",
        "kind",
        "valid_from",
        "created_at",
        "source",
        "destination",
        "customer",
        "created_by",
        "reverses",
    ]
    list_filter = ["kind", CustomerFilter]
    list_select_related = [
        "from_person",
        "from_care_unit",
        "to_person",
        "to_care_unit",
        "customer",
        "created_by",
        "reverses",
    ]
    search_fields = ["=number"]
    search_help_text = _("Hela BMB-numret, t.ex. B26120001.")
    show_facets = ShowFacets.NEVER
    date_hierarchy = "created_at"
    actions = ["reverse"]
    inlines = [TransferLineInline]
    fields = [
        "number",
        "kind",
        "valid_from",
        "created_at",
        "created_by",
        "customer",
        "from_person",
        "from_care_unit",
        "to_person",
        "to_care_unit",
        "new_payer",
        "new_prescriber",
        "reverses",
        "reversed_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("från"))
    def source(self, transfer):
        return transfer.from_person or transfer.from_care_unit

    @admin.display(description=_("till"))
    def destination(self, transfer):
        return transfer.to_person or transfer.to_care_unit

    @admin.display(description=_("återställd med"))
    def reversed_by(self, transfer):
        return getattr(transfer, "reversed_by", None) or "–"

    # Both pages show patients' names (Patientdatalagen).
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            log_access(
                access_context(request),
                _persons(changelist.result_list),
                AccessAction.VIEW,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        transfer = self.get_object(request, object_id)
        if transfer is not None:
            log_access(
                access_context(request),
                transfer.persons,
                AccessAction.VIEW,
                transfer,
                customer=transfer.customer,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Återställ (gör en ny BMB som tar tillbaka ändringen)"))
    def reverse(self, request, queryset):
        for transfer in queryset.order_by("-created_at"):
            try:
                reversal = services.reverse_transfer(access_context(request), transfer)
            except ValidationError as error:
                self.message_user(
                    request, f"{transfer.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(transfer)s är återställd med %(reversal)s.")
                    % {"transfer": transfer, "reversal": reversal},
                )


@admin.register(HoldingPayer)
class HoldingPayerAdmin(ReadOnlyAdmin):
    list_display = ["holding", "individual", "payer", "valid_from", "valid_to"]
    list_select_related = ["holding__article", "holding__individual", "payer"]
    search_fields = ["=payer__betalarid", "=holding__individual__individual_no"]
    search_help_text = _("Betalarid eller individnummer.")
    show_facets = ShowFacets.NEVER
    fields = ["holding", "payer", "valid_from", "valid_to"]
    readonly_fields = fields

    @admin.display(description=_("individnummer"))
    def individual(self, period):
        return period.holding.individual or "–"

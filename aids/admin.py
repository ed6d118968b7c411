"""Customer service's review of confirmed care relationships. Read-only:
only the prescribers' confirmations write them. Searched by user only, so
no personnummer reaches a URL; every patient listed is access-logged."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.choices import AccessAction
from accounts.services import log_access
from websesam.readonly_admin import ReadOnlyAdmin

from .models import CareConfirmation


@admin.register(CareConfirmation)
class CareConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "patient", "reason", "note"]
    list_filter = ["at", ("user", admin.RelatedOnlyFieldListFilter), "reason"]
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "at"
    fields = ["at", "user", "patient", "reason", "note"]
    readonly_fields = fields

    @admin.display(description=_("patient"), ordering="person__last_name")
    def patient(self, confirmation):
        # The name only: the personnummer is never shown in the lists.
        return str(confirmation.person)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            persons = {confirmation.person for confirmation in changelist.result_list}
            if persons:
                log_access(request, list(persons), AccessAction.VIEW)
        return response

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        log_access(request, obj.person, AccessAction.VIEW, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

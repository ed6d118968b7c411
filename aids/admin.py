"""Customer service's aids pages in the admin: the review of confirmed
care relationships (read-only: only the prescribers' confirmations write
them; searched by user only, so no personnummer reaches a URL; every
patient listed is access-logged), and the audit trail that hides a
protected identity's address."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from pghistory.admin.core import EventsChangeList

from accounts.admin import PersonsShownAdmin
from core.admin_input import DateHierarchyAdmin
from core.audit_admin import AuditEventsAdmin
from core.readonly_admin import ReadOnlyAdmin

from .models import CareConfirmation, Person

PROTECTED_ADDRESS_PERMISSION = "aids.view_protected_address"


@admin.register(CareConfirmation)
class CareConfirmationAdmin(PersonsShownAdmin, DateHierarchyAdmin, ReadOnlyAdmin):
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

    def persons_shown(self, confirmations):
        return {confirmation.person for confirmation in confirmations}


def hide_protected_addresses(events):
    """Replace, in memory, the address in the audit events of a person with
    protected identity: one that is protected now (an older address may still
    be the hidden one) or was when the event was written."""
    person_label = Person._meta.label
    person_events = [event for event in events if event.pgh_obj_model == person_label]
    if not person_events:
        return
    protected = {
        str(pk)
        for pk in Person.objects.filter(
            pk__in={event.pgh_obj_id for event in person_events},
            protected_identity=True,
        ).values_list("pk", flat=True)
    }
    hidden = _("Skyddad identitet")
    for event in person_events:
        data = event.pgh_data or {}
        if event.pgh_obj_id not in protected and not data.get("protected_identity"):
            continue
        for name in Person.ADDRESS_FIELDS:
            if data.get(name):
                data[name] = hidden
            if name in (event.pgh_diff or {}):
                event.pgh_diff[name] = [
                    hidden if value else value for value in event.pgh_diff[name]
                ]


class ProtectedAddressChangeList(EventsChangeList):
    def get_results(self, request):
        super().get_results(request)
        if not request.user.has_perm(PROTECTED_ADDRESS_PERMISSION):
            hide_protected_addresses(self.result_list)


class ProtectedAddressEventsAdmin(AuditEventsAdmin):
    """The audit trail (Ändringshistorik): a protected identity's address
    only for staff with the permission "Kan se skyddad adress"."""

    def get_changelist(self, request, **kwargs):
        return ProtectedAddressChangeList

    def get_object(self, request, object_id, from_field=None):
        event = super().get_object(request, object_id, from_field)
        if event is not None and not request.user.has_perm(
            PROTECTED_ADDRESS_PERMISSION
        ):
            hide_protected_addresses([event])
        return event


# Borttappat hjälpmedel's admin, registered with these.
from . import lost_admin  # noqa: E402, F401

from django.utils.translation import gettext as _
from pghistory.admin.core import EventsChangeList

from websesam.audit_admin import AuditEventsAdmin

from .models import Person

PROTECTED_ADDRESS_PERMISSION = "aids.view_protected_address"


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

"""The audit trail in the admin ("Ändringshistorik"): pghistory's events
page with Swedish filters and columns, and each change shown with the
fields' Swedish names."""

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from pghistory import core
from pghistory.admin import EventsAdmin
from pghistory.admin.core import (
    EventModelFilter,
    LabelFilter,
    MethodFilter,
    ModelFilter,
    ObjFilter,
)

# The labels core.audit.audited records.
EVENT_LABELS = {
    "insert": _("skapad"),
    "update": _("ändrad"),
    "delete": _("borttagen"),
}


def _tracked_model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def tracked_model_name(label):
    """The Swedish name of the model an event tracks, or its label when the
    model is gone."""
    model = _tracked_model(label)
    return model._meta.verbose_name if model else label


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None


def _named(model, name, value):
    """A field's Swedish name and its value as the admin shows it (the
    label of a choice, not the stored word)."""
    field = _field(model, name)
    if field is None:
        return name, _shown(value)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return field.verbose_name, _shown(value)


class EventKindFilter(LabelFilter):
    title = _("händelse")

    def lookups(self, request, model_admin):
        return [
            (label, EVENT_LABELS.get(label, label))
            for label, _label in super().lookups(request, model_admin)
        ]


class TrackedModelFilter(EventModelFilter):
    title = _("modell")

    def lookups(self, request, model_admin):
        return sorted(
            (
                (label, event_model.pgh_tracked_model._meta.verbose_name)
                for label, event_model in (
                    (label, apps.get_model(label))
                    for label, _label in super().lookups(request, model_admin)
                )
            ),
            key=lambda choice: str(choice[1]),
        )


class SwedishMethodFilter(MethodFilter):
    title = _("urval")

    def lookups(self, request, model_admin):
        return (("tracks", _("objektets ändringar")), ("references", _("hänvisningar")))


class SwedishObjFilter(ObjFilter):
    title = _("objekt")


class SwedishModelFilter(ModelFilter):
    title = _("modell")


SWEDISH_FILTERS = {
    LabelFilter: EventKindFilter,
    EventModelFilter: TrackedModelFilter,
    MethodFilter: SwedishMethodFilter,
    ObjFilter: SwedishObjFilter,
    ModelFilter: SwedishModelFilter,
}


class AuditEventsAdmin(EventsAdmin):
    """pghistory registers the class PGHISTORY_ADMIN_CLASS names: this one
    or a subclass."""

    fields = ["created_at", "event", "tracked_model", "object_id", "changes", "data"]
    readonly_fields = fields

    def get_list_display(self, request):
        return ["created_at", "event", "tracked_model", "object_id", "changes"]

    def changelist_view(self, request, extra_context=None):
        _check_query(request)
        return super().changelist_view(request, extra_context)

    def get_list_filter(self, request):
        return [
            SWEDISH_FILTERS.get(each, each) for each in super().get_list_filter(request)
        ]

    @admin.display(description=_("tid"), ordering="pgh_created_at")
    def created_at(self, event):
        return timezone.localtime(event.pgh_created_at)

    @admin.display(description=_("händelse"))
    def event(self, event):
        return EVENT_LABELS.get(event.pgh_label, event.pgh_label)

    @admin.display(description=_("modell"))
    def tracked_model(self, event):
        return tracked_model_name(event.pgh_obj_model)

    @admin.display(description=_("objekt-id"))
    def object_id(self, event):
        return event.pgh_obj_id

    @admin.display(description=_("ändringar"))
    def changes(self, event):
        model = _tracked_model(event.pgh_obj_model)
        return format_html_join(
            "\n",
            "<div>{}: {} → {}</div>",
            (
                (*_named(model, name, old), _named(model, name, new)[1])
                for name, (old, new) in sorted((event.pgh_diff or {}).items())
            ),
        )

    @admin.display(description=_("uppgifter"))
    def data(self, event):
        model = _tracked_model(event.pgh_obj_model)
        return format_html_join(
            "\n",
            "<div>{}: {}</div>",
            (
                _named(model, name, value)
                for name, value in sorted((event.pgh_data or {}).items())
            ),
        )


def _shown(value):
    return "–" if value is None or value == "" else value


def _check_query(request):
    """pghistory's page uses its event_model, obj and back parameters as
    they come: an event model that is none, a key its model cannot have or
    an object that is not there were server errors, and back became a link
    to anywhere. A malformed one is a bad request; an object not in the
    database is not found."""
    query = request.GET
    if "event_model" in query and query["event_model"].lower() not in {
        event_model._meta.label_lower for event_model in core.event_models()
    }:
        raise BadRequest("unknown event model")
    label, colon, pk = query.get("obj", "").partition(":")
    model = _tracked_model(label) if colon else None
    if model is not None:
        try:
            found = model._default_manager.filter(pk=pk).exists()
        except (ValueError, ValidationError) as error:
            raise BadRequest("malformed object key") from error
        if not found:
            raise Http404
    if "back" in query and not url_has_allowed_host_and_scheme(
        query["back"], allowed_hosts={request.get_host()}
    ):
        raise BadRequest("back leads off the site")

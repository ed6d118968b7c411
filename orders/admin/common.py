"""What the order admin shares with the work order and pickup admin: the
list filters, the recipient's name in a list, and logging the patients a
list shows."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases

from ..choices import OPEN_LINE_STATUSES, OrderStatus

PERSON_PARAMETER = "person__id__exact"


class StatusFilter(admin.SimpleListFilter):
    """The statuses of registered orders: drafts are the prescribers' own
    work and never listed here."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (value, label)
            for value, label in OrderStatus.choices
            if value != OrderStatus.DRAFT
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class CustomerFilter(admin.ListFilter):
    """Hundreds of customers make a list of links useless: staff type the
    kundid instead."""

    title = _("kund")
    parameter_name = "kundid"
    template = "admin/orders/kundid_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.parameter_name in params:
            value = params.pop(self.parameter_name)[-1].strip()
            self.used_parameters[self.parameter_name] = value

    def value(self):
        return self.used_parameters.get(self.parameter_name, "")

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(customer__kundid=self.value())
        return queryset

    def choices(self, changelist):
        # The template's own form: the other filters ride along as hidden
        # fields so that typing a kundid keeps them.
        yield {
            "selected": not self.value(),
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Alla"),
            "value": self.value(),
            "parameter": self.parameter_name,
            "hidden": [
                (name, value)
                for name, value in changelist.params.items()
                if name not in (self.parameter_name, PAGE_VAR)
            ],
        }


class DeliveryDateFilter(admin.SimpleListFilter):
    """When the goods ship: late (the date passed and still open), today,
    the rest of this week, or later. Works on orders (their annotated date)
    and on lines alike."""

    title = _("leveransdatum")
    parameter_name = "leverans"

    def lookups(self, request, model_admin):
        return [
            ("forsenade", _("Försenade")),
            ("idag", _("Idag")),
            ("veckan", _("Resten av veckan")),
            ("senare", _("Senare")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        sunday = today + timedelta(days=6 - today.weekday())
        match self.value():
            case "forsenade":
                return queryset.filter(
                    delivery_date__lt=today, status__in=OPEN_LINE_STATUSES
                )
            case "idag":
                return queryset.filter(delivery_date=today)
            case "veckan":
                return queryset.filter(
                    delivery_date__gt=today, delivery_date__lte=sunday
                )
            case "senare":
                return queryset.filter(delivery_date__gt=sunday)
        return queryset


def recipient_name(order):
    """The name only: the personnummer is never shown in the lists."""
    if order.person_id:
        return f"{order.person.first_name} {order.person.last_name}"
    if order.care_unit_id:
        return order.care_unit.name
    return "–"


def log_listed_persons(request, response):
    """Log the patients a change list shows (Patientdatalagen)."""
    changelist = getattr(response, "context_data", {}).get("cl")
    if changelist is not None:
        log_cases(access_context(request), changelist.result_list, AccessAction.VIEW)
    return response

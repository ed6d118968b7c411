"""The order admin: the list of registered orders, an order's change form
and the list's actions (Markera rader som plockade, Makulera order)."""

from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from aids.forms import PersonLookupForm
from aids.models import Person
from core.admin_input import DateHierarchyAdmin

from .. import services
from ..choices import (
    OPEN_LINE_STATUSES,
    OPEN_ORDER_STATUSES,
    LineStatus,
    OrderKind,
    OrderStatus,
)
from ..models import Order, OrderAttachment, OrderLine
from .common import (
    PERSON_PARAMETER,
    CustomerFilter,
    DeliveryDateFilter,
    StatusFilter,
    log_listed_persons,
    recipient_name,
)
from .inlines import (
    AttachmentInline,
    NewAttachmentInline,
    OrderLineInline,
    save_new_attachments,
)
from .pages import OrderPages

ORDER_FIELDS = [
    "number",
    "kind",
    "status",
    "recipient",
    "customer",
    "payer",
    "prescriber",
    "warehouse",
    "restocks",
    "executed_at",
    "delivery_date",
    "due_on",
    "reminded_on",
    "joint_delivery",
    "cancelled_at",
    "cancelled_by",
]
DELIVERY_FIELDS = [
    "recipient_phone",
    "address_name",
    "street",
    "postal_code",
    "city",
    "delivery_phone",
    "door_code",
    "instructions",
    "contact_person",
    "other_information",
]


def _of_lines(aggregate, *conditions):
    """An aggregate of the order's lines as a subquery, not a join: the
    list's counts then leave it out, and filters on it stay in WHERE."""
    return Subquery(
        OrderLine.objects.filter(*conditions, order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(value=aggregate)
        .values("value")
    )


class OverdueBasketFilter(admin.SimpleListFilter):
    """Basket loans still open after their due date (the prescriber is
    reminded; customer service may follow up or return them)."""

    title = _("varukorg")
    parameter_name = "varukorg"

    def lookups(self, request, model_admin):
        return [("forsenad", _("Försenad varukorg"))]

    def queryset(self, request, queryset):
        if self.value() == "forsenad":
            return queryset.open_baskets().filter(due_on__lt=timezone.localdate())
        return queryset


@admin.register(Order)
class OrderAdmin(OrderPages, DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "status",
        "recipient",
        "customer",
        "prescriber",
        "executed_at",
        "delivery_date",
        "due_on",
        "line_count",
    ]
    list_filter = [
        StatusFilter,
        "kind",
        OverdueBasketFilter,
        CustomerFilter,
        DeliveryDateFilter,
        "executed_at",
    ]
    list_select_related = ["person", "care_unit", "customer", "prescriber", "restocks"]
    search_fields = ["number__startswith", "lines__article__article_no__exact"]
    search_help_text = _("Ordernummer (början) eller artikelnummer på en rad.")
    date_hierarchy = "executed_at"
    show_facets = ShowFacets.NEVER
    actions = ["mark_picked", "cancel", "return_baskets"]
    inlines = [OrderLineInline, AttachmentInline, NewAttachmentInline]
    change_form_template = "admin/orders/order/change_form.html"
    change_list_template = "admin/orders/order/change_list.html"
    fieldsets = [
        (None, {"fields": ORDER_FIELDS}),
        (_("Leverans"), {"fields": DELIVERY_FIELDS}),
    ]
    # Staff may correct the delivery details (the audit trail keeps the old
    # ones); what was ordered changes only through the services.
    readonly_fields = ORDER_FIELDS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=OrderStatus.DRAFT)
            .annotate(
                delivery_date=_of_lines(
                    Max("delivery_date"), ~Q(status=LineStatus.CANCELLED)
                ),
                line_count=_of_lines(Count("pk")),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mottagare"))
    def recipient(self, order):
        # A replenishment goes to the store it fills up.
        if order.restocks_id:
            return str(order.restocks)
        return recipient_name(order)

    @admin.display(description=_("leveransdatum"), ordering="delivery_date")
    def delivery_date(self, order):
        return order.delivery_date

    @admin.display(description=_("rader"), ordering="line_count")
    def line_count(self, order):
        return order.line_count

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "mottagare/",
                view(self.find_recipient_view),
                name="orders_order_find_recipient",
            ),
            path(
                "<uuid:order_id>/leverera/",
                view(self.ship_view),
                name="orders_order_ship",
            ),
            path(
                "<uuid:order_id>/rader/<int:line_id>/leveransdatum/",
                view(self.delivery_date_view),
                name="orders_order_delivery_date",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "recipient_form": PersonLookupForm(),
            "filtered_person": self._filtered_person(request),
        }
        return log_listed_persons(
            request, super().changelist_view(request, extra_context)
        )

    def _filtered_person(self, request):
        person_id = request.GET.get(PERSON_PARAMETER)
        if not person_id:
            return None
        try:
            return Person.objects.filter(pk=person_id).first()
        except ValidationError:
            return None

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Here the admin has fetched the order already: change_view would
        # have to fetch it once more for the log and the ship button.
        if obj.person_id:
            log_access(
                access_context(request),
                obj.person,
                AccessAction.VIEW,
                obj,
                customer=obj.customer,
            )
        # A basket's lines go to patients on its settle page, not shipped.
        context["can_ship"] = (
            obj.kind != OrderKind.BASKET
            and obj.lines.filter(status__in=OPEN_LINE_STATUSES).exists()
        )
        context["is_open_basket"] = (
            obj.kind == OrderKind.BASKET and obj.status in OPEN_ORDER_STATUSES
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrderAttachment:
            return super().save_formset(request, form, formset, change)
        save_new_attachments(request, form, formset, services.attach_file)

    @admin.action(description=_("Markera rader som plockade"))
    def mark_picked(self, request, queryset):
        picked = services.mark_order_picked(queryset, request.user)
        self.message_user(
            request,
            ngettext(
                "%d rad markerad som plockad.",
                "%d rader markerade som plockade.",
                picked,
            )
            % picked,
        )

    @admin.action(description=_("Makulera order"))
    def cancel(self, request, queryset):
        for order in queryset:
            try:
                services.cancel_order(order, request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{order.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("Order %(number)s är makulerad.") % {"number": order.number},
                )

    @admin.action(description=_("Återlämna varukorgens öppna rader till förrådet"))
    def return_baskets(self, request, queryset):
        """The open lines of the chosen baskets go back on their store's
        shelf, as a prescriber's Ta bort would return them."""
        for order in queryset:
            if order.kind != OrderKind.BASKET:
                self.message_user(
                    request,
                    _("Order %(number)s är ingen varukorg.") % {"number": order.number},
                    messages.ERROR,
                )
                continue
            lines = list(order.lines.filter(status__in=OPEN_LINE_STATUSES))
            if not lines:
                self.message_user(
                    request,
                    _("Varukorg %(number)s har inga öppna rader.")
                    % {"number": order.number},
                    messages.WARNING,
                )
                continue
            try:
                services.settle_basket(order, request.user, returns=lines)
            except ValidationError as error:
                self.message_user(
                    request, f"{order.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Varukorg %(number)s: %(count)d rad återlämnad till förrådet.",
                        "Varukorg %(number)s: %(count)d rader återlämnade till "
                        "förrådet.",
                        len(lines),
                    )
                    % {"number": order.number, "count": len(lines)},
                )

"""Customer service's side of pickup orders (F-18): find them, close them
when the aids are fetched, or cancel them, through the same services as the
prescriber side. The prescriber gets a message either way."""

from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.admin_input import DateHierarchyAdmin
from orders.admin import CustomerFilter, log_listed_persons

from . import services
from .models import PickupItem, PickupOrder, PickupReason


@admin.register(PickupReason)
class PickupReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_editable = ["active"]
    search_fields = ["name"]


class PickupItemInline(admin.TabularInline):
    model = PickupItem
    fields = ["article", "name", "individual", "quantity", "returned_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("holding__article", "holding__individual")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("artikelnummer"))
    def article(self, item):
        return item.holding.article.article_no

    @admin.display(description=_("benämning"))
    def name(self, item):
        return item.holding.article.name

    @admin.display(description=_("individnummer"))
    def individual(self, item):
        return item.holding.individual or ""

    @admin.display(description=_("antal"))
    def quantity(self, item):
        return item.holding.delivered_quantity or item.holding.quantity

    @admin.display(description=_("återlämnad"))
    def returned_on(self, item):
        return item.holding.returned_on or ""


@admin.register(PickupOrder)
class PickupOrderAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "created_at",
        "person",
        "customer",
        "reason",
        "prescriber",
    ]
    list_filter = ["status", CustomerFilter, "reason"]
    list_select_related = ["person", "customer", "reason", "prescriber"]
    search_fields = ["=number"]
    search_help_text = _("Hela hämtordernumret, t.ex. H0000012.")
    show_facets = ShowFacets.NEVER
    date_hierarchy = "created_at"
    actions = ["close", "cancel"]
    inlines = [PickupItemInline]
    fields = [
        "number",
        "status",
        "person",
        "customer",
        "prescriber",
        "created_at",
        "address_name",
        "street",
        "postal_code",
        "city",
        "phone",
        "door_phone",
        "instructions",
        "information",
        "reason",
        "closed_at",
        "closed_by",
        "cancelled_at",
        "cancelled_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Both pages show patients' names and addresses (Patientdatalagen).
    def changelist_view(self, request, extra_context=None):
        return log_listed_persons(
            request, super().changelist_view(request, extra_context)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pickup = self.get_object(request, object_id)
        if pickup is not None:
            log_access(
                access_context(request),
                pickup.person,
                AccessAction.VIEW,
                pickup,
                customer=pickup.customer,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _apply(self, request, queryset, service, done):
        for pickup in queryset:
            try:
                service(pickup, request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{pickup.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self.message_user(request, done % {"number": pickup.number})

    @admin.action(description=_("Stäng (hämtad)"))
    def close(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.close_pickup,
            _("Hämtorder %(number)s är stängd; hjälpmedlen är återlämnade."),
        )

    @admin.action(description=_("Makulera"))
    def cancel(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.cancel_pickup,
            _("Hämtorder %(number)s är makulerad."),
        )

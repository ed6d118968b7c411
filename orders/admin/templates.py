"""Customer service's view of the order templates (F-12): find a customer's
templates and correct their rows."""

from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.db.models import Count

from core.admin_input import SafeAutocompleteAdmin

from ..models import OrderTemplate, OrderTemplateLine
from ..services import MAX_QUANTITY
from .common import CustomerFilter


class OrderTemplateLineInline(SafeAutocompleteAdmin, admin.TabularInline):
    model = OrderTemplateLine
    extra = 0
    fields = ["position", "article", "quantity"]
    autocomplete_fields = ["article"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The prescribers' bounds on a quantity hold here too.
        if db_field.name == "quantity":
            kwargs.update(min_value=1, max_value=MAX_QUANTITY)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(OrderTemplate)
class OrderTemplateAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["name", "customer", "warehouse", "line_count", "created_by"]
    list_filter = [CustomerFilter]
    list_select_related = ["customer", "warehouse", "created_by"]
    search_fields = ["name", "customer__kundid", "customer__name"]
    show_facets = ShowFacets.NEVER
    fields = ["customer", "name", "warehouse", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["customer"]
    inlines = [OrderTemplateLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    # A template is started by a prescriber, who becomes its creator.
    def has_add_permission(self, request):
        return False

    @admin.display(description=OrderTemplateLine._meta.verbose_name_plural)
    def line_count(self, template):
        return template.line_count

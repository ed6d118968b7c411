"""The open lines to pick and ship, for customer service."""

from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.readonly_admin import ReadOnlyAdmin

from ..choices import OrderStatus
from ..models import OrderLine
from .common import DeliveryDateFilter


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    """The open lines to pick and ship, by delivery date; read only."""

    list_display = [
        "order_link",
        "position",
        "article",
        "quantity",
        "delivered_quantity",
        "status",
        "delivery_date",
    ]
    list_filter = ["status", DeliveryDateFilter]
    list_select_related = ["order", "article"]
    search_fields = ["order__number__startswith", "article__article_no__exact"]
    search_help_text = _("Ordernummer (början) eller artikelnummer.")
    show_facets = ShowFacets.NEVER
    ordering = ["delivery_date", "order__number", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(order__status=OrderStatus.DRAFT)

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, line):
        url = reverse("admin:orders_order_change", args=[line.order_id])
        return format_html('<a href="{}">{}</a>', url, line.order.number)

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.admin_input import DateHierarchyAdmin, SafeAutocompleteAdmin
from core.readonly_admin import ReadOnlyAdmin

from . import services
from .models import (
    MAIN_WAREHOUSE,
    LocalStoreCustomer,
    StockBalance,
    StockMovement,
    Warehouse,
)


class LocalStoreCustomerInline(admin.TabularInline):
    """The customers whose prescribers may draw from a local store."""

    model = LocalStoreCustomer
    fields = ["customer"]
    autocomplete_fields = ["customer"]
    extra = 0


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    """The three warehouses are fixed (migration 0002); only names change,
    and a local store's customers."""

    list_display = ["code", "name"]
    readonly_fields = ["code"]

    def get_inlines(self, request, obj):
        if obj is None or obj.code == MAIN_WAREHOUSE:
            return []
        return [LocalStoreCustomerInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StockCountForm(forms.ModelForm):
    on_hand = forms.IntegerField(
        label=_("I lager"),
        min_value=0,
        help_text=_(
            "Räknat antal. Är det mindre än det reserverade minskas "
            "reservationerna till det."
        ),
    )
    safety_stock = forms.IntegerField(label=_("Säkerhetslager"), min_value=0)
    order_up_to = forms.IntegerField(
        label=_("Beställ upp till"),
        min_value=0,
        required=False,
        help_text=_(
            "Lagerpåfyllnad av ett eget förråd beställer upp till detta när "
            "saldot understiger säkerhetslagret. Tomt: upp till säkerhetslagret."
        ),
    )
    reason = forms.CharField(label=_("Orsak"), max_length=200)

    class Meta:
        model = StockBalance
        fields = ["warehouse", "article", "on_hand", "safety_stock", "order_up_to"]

    def clean(self):
        data = super().clean()
        level, safety = data.get("order_up_to"), data.get("safety_stock")
        if level is not None and safety is not None and level < safety:
            self.add_error(
                "order_up_to",
                _("Beställ upp till kan inte vara lägre än säkerhetslagret."),
            )
        return data


@admin.register(StockBalance)
class StockBalanceAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    """Staff set a counted balance here like the nightly import does
    (services.count_stock), so every change gets a ledger row; reservations
    change only through orders."""

    form = StockCountForm
    list_display = [
        "warehouse_code",
        "article",
        "on_hand",
        "reserved",
        "available",
        "safety_stock",
        "order_up_to",
    ]
    list_filter = ["warehouse"]
    list_select_related = ["warehouse", "article"]
    search_fields = ["=article__article_no", "article__name"]
    autocomplete_fields = ["article"]

    @admin.display(description=_("lager"), ordering="warehouse__code")
    def warehouse_code(self, balance):
        return balance.warehouse.code

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "warehouse",
                "article",
                "on_hand",
                "safety_stock",
                "order_up_to",
                "reason",
            ]
        return [
            "warehouse",
            "article",
            "on_hand",
            "reserved",
            "available",
            "safety_stock",
            "order_up_to",
            "reason",
            "movements",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["warehouse", "article", "reserved", "available", "movements"]

    @admin.display(description=_("tillgängligt"))
    def available(self, balance):
        return balance.available

    @admin.display(description=_("lagerhändelser"))
    def movements(self, balance):
        url = reverse("admin:warehouse_stockmovement_changelist")
        query = urlencode({"balance__id__exact": balance.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query, _("Visa"))

    def save_model(self, request, obj, form, change):
        reserved_before = obj.reserved
        services.count_stock(
            obj.warehouse,
            obj.article,
            obj.on_hand,
            obj.safety_stock,
            form.cleaned_data["reason"],
            user=request.user,
        )
        services.set_order_up_to(obj.warehouse, obj.article, obj.order_up_to)
        balance = StockBalance.objects.get(warehouse=obj.warehouse, article=obj.article)
        obj.pk = balance.pk
        if balance.reserved < reserved_before:
            messages.warning(
                request,
                _("Reserverat minskades från %(before)s till %(after)s.")
                % {"before": reserved_before, "after": balance.reserved},
            )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(DateHierarchyAdmin, ReadOnlyAdmin):
    """The ledger, read only: the database refuses changes anyway."""

    list_display = [
        "at",
        "warehouse_code",
        "article_no",
        "kind",
        "on_hand_change",
        "reserved_change",
        "reason",
        "user",
    ]
    list_filter = ["kind", "balance__warehouse"]
    list_select_related = ["balance__warehouse", "balance__article", "user"]
    search_fields = ["=balance__article__article_no", "reason"]
    date_hierarchy = "at"
    # The ledger grows without end: skip the second, unfiltered COUNT.
    show_full_result_count = False

    @admin.display(description=_("lager"), ordering="balance__warehouse__code")
    def warehouse_code(self, movement):
        return movement.balance.warehouse.code

    @admin.display(
        description=_("artikelnummer"), ordering="balance__article__article_no"
    )
    def article_no(self, movement):
        return movement.balance.article.article_no

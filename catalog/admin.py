from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin_input import SafeAutocompleteAdmin

from . import services
from .forms import PriceChangeForm
from .models import (
    Article,
    ArticleDocument,
    ArticleFit,
    ArticlePrice,
    IsoClass,
    Replacement,
    Supplier,
)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "phone", "email", "website"]
    search_fields = ["name", "org_number"]


@admin.register(IsoClass)
class IsoClassAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


class ReplacementInline(SafeAutocompleteAdmin, admin.TabularInline):
    model = Replacement
    fk_name = "new"
    extra = 0
    autocomplete_fields = ["old"]
    verbose_name = _("ersätter artikel")
    verbose_name_plural = _("ersätter artiklar")


class ArticleFitInline(admin.TabularInline):
    model = ArticleFit
    extra = 0


class _ServedFile:
    """A kept file as the file widget shows it, linked to `url`."""

    def __init__(self, file, url):
        self.file = file
        self.url = url

    def __str__(self):
        return str(self.file)


class DocumentFileWidget(AdminFileWidget):
    """Links a document's current file to the app's own view
    (article_document), not to the storage's URL, which the private bucket
    would only answer signed and for a minute (and MEDIA_ROOT not at all)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        document = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and document and document.pk:
            context["widget"]["value"] = _ServedFile(
                value, reverse("article_document", args=[document.pk])
            )
        return context


class ArticleDocumentInline(admin.TabularInline):
    model = ArticleDocument
    extra = 0
    formfield_overrides = {models.FileField: {"widget": DocumentFileWidget}}


class PriceHistoryInline(admin.TabularInline):
    """The article's prices, newest first, read only: invoices already sent
    used them. A change is a new row (NewPriceInline)."""

    model = ArticlePrice
    extra = 0
    can_delete = False
    fields = ["valid_from", "monthly_rent", "price", "vat_rate", "created_by"]
    readonly_fields = fields
    verbose_name_plural = _("prishistorik")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewPriceInline(admin.TabularInline):
    model = ArticlePrice
    form = PriceChangeForm
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("ny prisändring")
    verbose_name_plural = _("ny prisändring")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(Article)
class ArticleAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = [
        "article_no",
        "name",
        "product_name",
        "supplier",
        "article_type",
        "iso_class",
        "unit",
        "in_assortment",
        "outgoing",
        "individually_marked",
    ]
    list_filter = [
        "in_assortment",
        "individually_marked",
        "outgoing",
        "article_type",
        "unit",
        ("supplier", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["supplier", "iso_class"]
    search_fields = ["article_no", "name", "supplier_article_no", "product_name"]
    autocomplete_fields = ["supplier", "iso_class"]
    inlines = [
        ReplacementInline,
        ArticleFitInline,
        ArticleDocumentInline,
        PriceHistoryInline,
        NewPriceInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article_no",
                    "name",
                    "product_name",
                    "article_type",
                    "iso_class",
                    "unit",
                    "description",
                ]
            },
        ),
        (
            _("Leverantör"),
            {"fields": ["supplier", "supplier_article_no", "lead_time_days"]},
        ),
        (
            _("Sortiment"),
            {"fields": ["in_assortment", "outgoing", "individually_marked"]},
        ),
    ]

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.form, PriceChangeForm):
            return super().save_formset(request, form, formset, change)
        formset.new_objects = []
        for price_form in formset.forms:
            if not price_form.has_changed():
                continue
            try:
                formset.new_objects.append(
                    services.add_price_change(
                        request.user,
                        form.instance,
                        **{
                            name: price_form.cleaned_data[name]
                            for name in PriceChangeForm.Meta.fields
                        },
                    )
                )
            except ValidationError as error:
                # Another submit of the same change got there first.
                messages.error(request, " ".join(error.messages))
        formset.changed_objects = []
        formset.deleted_objects = []

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_input import SafeAutocompleteAdmin

from .models import (
    Article,
    ArticleDocument,
    ArticleFit,
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


class ArticleDocumentInline(admin.TabularInline):
    model = ArticleDocument
    extra = 0


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
    inlines = [ReplacementInline, ArticleFitInline, ArticleDocumentInline]
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

"""Customer service's side of deviations (F-21): find them by status,
category and handler, assign a handler, answer, record the supplier's
complaint reference and move the status, all through services.handle; and
the statistics per supplier and article for a period, with CSV export."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.admin_input import DateHierarchyAdmin
from orders.admin import (
    AttachmentInline,
    NewAttachmentInline,
    log_listed_persons,
    recipient_name,
    save_new_attachments,
)
from orders.forms.admin import AttachmentAdminForm
from orders.services.report import csv_bytes

from . import services
from .choices import TRANSITIONS, DeviationCategory
from .models import Deviation, DeviationAttachment, DeviationStatusChange

READ_ONLY = [
    "number",
    "status",
    "category",
    "injury",
    "occurred_on",
    "description",
    "article",
    "supplier",
    "individual",
    "order_line",
    "recipient",
    "customer",
    "prescriber",
    "created_at",
    "finished_at",
]


class StatusChangeInline(admin.TabularInline):
    model = DeviationStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "status", "changed_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeviationAttachmentInline(AttachmentInline):
    model = DeviationAttachment

    @admin.display(description=_("fil"))
    def document(self, attachment):
        url = reverse("deviation_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class DeviationAttachmentAdminForm(AttachmentAdminForm):
    class Meta(AttachmentAdminForm.Meta):
        model = DeviationAttachment


class NewDeviationAttachmentInline(NewAttachmentInline):
    model = DeviationAttachment
    form = DeviationAttachmentAdminForm


class DeviationAdminForm(forms.ModelForm):
    """Handläggare, Svar and Leverantörens reklamationsnummer, and Ny status
    among the statuses the deviation may move to."""

    new_status = forms.ChoiceField(
        label=_("Ny status"),
        required=False,
        help_text=_(
            "Förskrivaren får ett personligt meddelande när statusen ändras "
            "eller svaret ändras, med svaret."
        ),
    )

    class Meta:
        model = Deviation
        fields = ["handler", "answer", "supplier_reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[self.instance.status] if self.instance.pk else set()
        self.fields["new_status"].choices = [("", _("– oförändrad –"))] + [
            (status.value, status.label) for status in allowed
        ]


@admin.register(Deviation)
class DeviationAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    form = DeviationAdminForm
    list_display = [
        "number",
        "created_at",
        "category",
        "injury",
        "status",
        "article",
        "recipient",
        "customer",
        "handler",
    ]
    list_filter = [
        "status",
        "category",
        "injury",
        ("handler", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = [
        "person",
        "care_unit",
        "customer",
        "article",
        "handler",
    ]
    search_fields = ["number__startswith", "supplier_reference"]
    search_help_text = _(
        "Avvikelsenummer (början) eller leverantörens reklamationsnummer."
    )
    date_hierarchy = "created_at"
    show_facets = ShowFacets.NEVER
    inlines = [
        StatusChangeInline,
        DeviationAttachmentInline,
        NewDeviationAttachmentInline,
    ]
    fieldsets = [
        (None, {"fields": READ_ONLY}),
        (
            _("Handläggning"),
            {"fields": ["handler", "new_status", "answer", "supplier_reference"]},
        ),
    ]
    readonly_fields = READ_ONLY
    change_list_template = "admin/deviations/deviation/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mottagare"))
    def recipient(self, deviation):
        return recipient_name(deviation)

    @admin.display(description=_("leverantör"))
    def supplier(self, deviation):
        return deviation.article.supplier

    def changelist_view(self, request, extra_context=None):
        return log_listed_persons(
            request, super().changelist_view(request, extra_context)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        deviation = self.get_object(request, object_id)
        if deviation is not None and deviation.person_id:
            log_access(
                access_context(request),
                deviation.person,
                AccessAction.VIEW,
                deviation,
                customer=deviation.customer,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            services.handle(
                obj,
                request.user,
                status=data["new_status"] or None,
                handler=data["handler"],
                answer=data["answer"],
                supplier_reference=data["supplier_reference"],
            )
        except ValidationError as error:
            # Only a simultaneous change gets here: the form offers the
            # allowed statuses alone.
            self.message_user(request, error.messages[0], messages.ERROR)

    def save_formset(self, request, form, formset, change):
        if formset.model is not DeviationAttachment:
            return super().save_formset(request, form, formset, change)
        save_new_attachments(request, form, formset, services.attach_file)

    def get_urls(self):
        return [
            path(
                "statistik/",
                self.admin_site.admin_view(self.statistics_view),
                name="deviations_deviation_statistics",
            ),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        """Avvikelser per leverantör och artikel: registered in a period,
        with how many were tillbud; the same as CSV."""
        today = timezone.localdate()
        form = StatisticsForm(
            request.GET or None,
            initial={"date_from": today.replace(month=1, day=1), "date_to": today},
        )
        rows = None
        if form.is_valid():
            rows = statistics(
                form.cleaned_data["date_from"], form.cleaned_data["date_to"]
            )
            if request.GET.get("format") == "csv":
                return _csv_response(form.cleaned_data, rows)
        return TemplateResponse(
            request,
            "admin/deviations/deviation/statistics.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Avvikelser per leverantör och artikel"),
                "form": form,
                "rows": rows,
                "total": sum(row["total"] for row in rows or []),
                "suppliers": per_supplier(rows or []),
                "csv_query": request.GET.urlencode(),
                "categories": DeviationCategory.labels,
            },
        )


class StatisticsForm(forms.Form):
    date_from = forms.DateField(
        label=_("Från och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Ange periodens första dag."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Ange periodens sista dag."),
            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
        },
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                ValidationError(
                    _("Periodens sista dag kan inte vara före den första."),
                    code="order",
                ),
            )
        return data


def statistics(start, end):
    """Per supplier and article: the deviations registered from `start` to
    `end` (local dates, both included), how many of them were tillbud, and
    how many of each category (`categories`, in DeviationCategory's order)."""
    zone = timezone.get_current_timezone()
    counts = {
        f"n_{category}": Count("id", filter=Q(category=category))
        for category in DeviationCategory.values
    }
    rows = list(
        Deviation.objects.filter(
            created_at__gte=datetime.combine(start, time.min, zone),
            created_at__lt=datetime.combine(end + timedelta(days=1), time.min, zone),
        )
        .values("article__supplier__name", "article__article_no", "article__name")
        .annotate(
            total=Count("id"),
            incidents=Count("id", filter=Q(injury=True)),
            **counts,
        )
        .order_by("article__supplier__name", "article__article_no")
    )
    for row in rows:
        row["categories"] = [row.pop(name) for name in counts]
    return rows


def per_supplier(rows):
    """The article rows (sorted by supplier) summed per supplier: name,
    deviations, tillbud."""
    totals = {}
    for row in rows:
        name = row["article__supplier__name"]
        count, incidents = totals.get(name, (0, 0))
        totals[name] = (count + row["total"], incidents + row["incidents"])
    return [(name, count, incidents) for name, (count, incidents) in totals.items()]


def _csv_response(data, rows):
    header = [
        gettext("Leverantör"),
        gettext("Artikelnummer"),
        gettext("Benämning"),
        gettext("Antal avvikelser"),
        gettext("Varav tillbud"),
        *[str(label) for label in DeviationCategory.labels],
    ]
    content = csv_bytes(
        header,
        (
            [
                row["article__supplier__name"],
                row["article__article_no"],
                row["article__name"],
                row["total"],
                row["incidents"],
                *row["categories"],
            ]
            for row in rows
        ),
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"avvikelser_{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Customer service's side of work orders (F-18): find them, read their
history and files, add files, move them along their statuses through the
same services as everywhere else, and set what completing one is charged
(Klarmarkera, and Ändra debitering afterwards)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.admin_input import DateHierarchyAdmin
from orders.admin import (
    AttachmentInline,
    CustomerFilter,
    NewAttachmentInline,
    log_listed_persons,
    recipient_name,
    save_new_attachments,
)
from orders.forms.admin import AttachmentAdminForm

from . import services
from .choices import WorkOrderStatus
from .forms import ChargeForm
from .models import WorkOrder, WorkOrderAttachment, WorkOrderStatusChange

WORK_ORDER_FIELDS = [
    "number",
    "kind",
    "status",
    "recipient",
    "article",
    "individual",
    "order_line",
    "customer",
    "prescriber",
    "created_at",
    "completed_at",
    "charge_amount",
    "charge_text",
    "charge_vat_rate",
    "address_choice",
    "address_name",
    "street",
    "postal_code",
    "city",
    "phone",
    "description",
]
# The buttons on a work order's page: the status each one moves it to.
STEPS = {
    "paborja": (WorkOrderStatus.IN_PROGRESS, _("Påbörja")),
    "klar": (WorkOrderStatus.COMPLETED, _("Klarmarkera")),
    "makulera": (WorkOrderStatus.CANCELLED, _("Makulera")),
}


class StatusChangeInline(admin.TabularInline):
    model = WorkOrderStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "status", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WorkOrderAttachmentInline(AttachmentInline):
    model = WorkOrderAttachment

    @admin.display(description=_("fil"))
    def document(self, attachment):
        url = reverse("workorder_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class WorkOrderAttachmentAdminForm(AttachmentAdminForm):
    class Meta(AttachmentAdminForm.Meta):
        model = WorkOrderAttachment


class NewWorkOrderAttachmentInline(NewAttachmentInline):
    model = WorkOrderAttachment
    form = WorkOrderAttachmentAdminForm


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sparas i statushistoriken. När arbetsordern klarmarkeras eller "
            "makuleras skickas den till förskrivaren i ett personligt meddelande."
        ),
    )


class CompleteForm(StepForm, ChargeForm):
    """Klarmarkera: the note and the charge, if the work is charged."""

    field_order = ["note"]


@admin.register(WorkOrder)
class WorkOrderAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "status",
        "recipient",
        "article",
        "customer",
        "prescriber",
        "created_at",
    ]
    list_filter = ["status", "kind", CustomerFilter, "created_at"]
    list_select_related = ["person", "care_unit", "customer", "prescriber", "article"]
    search_fields = ["number__startswith"]
    search_help_text = _("Arbetsordernummer (början).")
    date_hierarchy = "created_at"
    show_facets = ShowFacets.NEVER
    actions = ["start", "complete", "cancel"]
    inlines = [
        StatusChangeInline,
        WorkOrderAttachmentInline,
        NewWorkOrderAttachmentInline,
    ]
    change_form_template = "admin/workorders/workorder/change_form.html"
    fields = WORK_ORDER_FIELDS
    readonly_fields = WORK_ORDER_FIELDS

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mottagare"))
    def recipient(self, work_order):
        return recipient_name(work_order)

    def get_urls(self):
        return [
            path(
                "<uuid:work_order_id>/steg/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="workorders_workorder_step",
            ),
            path(
                "<uuid:work_order_id>/debitering/",
                self.admin_site.admin_view(self.charge_view),
                name="workorders_workorder_charge",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        return log_listed_persons(
            request, super().changelist_view(request, extra_context)
        )

    @staticmethod
    def _log_view(request, work_order):
        if work_order.person_id:
            log_access(
                access_context(request),
                work_order.person,
                AccessAction.VIEW,
                work_order,
                customer=work_order.customer,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        work_order = self.get_object(request, object_id)
        if work_order is not None:
            self._log_view(request, work_order)
        steps = [
            (slug, label)
            for slug, (status, label) in STEPS.items()
            if work_order is not None and services.can_change(work_order, status)
        ]
        extra_context = {
            **(extra_context or {}),
            "steps": steps,
            "chargeable": work_order is not None
            and work_order.status == WorkOrderStatus.COMPLETED,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not WorkOrderAttachment:
            return super().save_formset(request, form, formset, change)
        save_new_attachments(request, form, formset, services.attach_file)

    def _work_order(self, request, work_order_id):
        work_order = (
            self.get_queryset(request)
            .select_related("person", "care_unit", "customer", "article")
            .filter(pk=work_order_id)
            .first()
        )
        if work_order is None:
            raise Http404
        if not self.has_change_permission(request, work_order):
            raise PermissionDenied
        return work_order

    def step_view(self, request, work_order_id, step):
        """Påbörja, Klarmarkera (with the charge) or Makulera one work
        order, with a note."""
        if step not in STEPS:
            raise Http404
        work_order = self._work_order(request, work_order_id)
        status, label = STEPS[step]
        change_url = reverse("admin:workorders_workorder_change", args=[work_order.pk])
        completing = status == WorkOrderStatus.COMPLETED
        form = (CompleteForm if completing else StepForm)(request.POST or None)
        if form.is_valid():
            try:
                services.change_status(
                    work_order,
                    status,
                    request.user,
                    form.cleaned_data["note"],
                    **(form.charge() if completing else {}),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._changed(request, work_order, status)
                return redirect(change_url)
        return self._form_page(request, work_order, form, label, change_url)

    def charge_view(self, request, work_order_id):
        """Ändra debitering: correct a completed work order's charge
        (services.correct_charge)."""
        work_order = self._work_order(request, work_order_id)
        change_url = reverse("admin:workorders_workorder_change", args=[work_order.pk])
        form = ChargeForm.of(work_order, request.POST or None)
        if form.is_valid():
            try:
                services.correct_charge(work_order, request.user, **form.charge())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Arbetsorder %(number)s: debiteringen är sparad.")
                    % {"number": work_order.number},
                )
                return redirect(change_url)
        return self._form_page(
            request, work_order, form, _("Ändra debitering"), change_url
        )

    def _form_page(self, request, work_order, form, label, change_url):
        self._log_view(request, work_order)
        return TemplateResponse(
            request,
            "admin/workorders/workorder/step.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"{label}: {_('arbetsorder')} {work_order.number}",
                "work_order": work_order,
                "recipient": recipient_name(work_order),
                "change_url": change_url,
                "form": form,
                "label": label,
            },
        )

    def _changed(self, request, work_order, status):
        self.message_user(
            request,
            _("Arbetsorder %(number)s: %(status)s.")
            % {"number": work_order.number, "status": status.label.lower()},
        )

    def _move(self, request, queryset, status):
        for work_order in queryset:
            try:
                services.change_status(work_order, status, request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{work_order.number}: {error.messages[0]}",
                    messages.ERROR,
                )
            else:
                self._changed(request, work_order, status)

    @admin.action(description=_("Påbörja markerade arbetsorder"))
    def start(self, request, queryset):
        self._move(request, queryset, WorkOrderStatus.IN_PROGRESS)

    @admin.action(description=_("Klarmarkera markerade arbetsorder"))
    def complete(self, request, queryset):
        self._move(request, queryset, WorkOrderStatus.COMPLETED)

    @admin.action(description=_("Makulera markerade arbetsorder"))
    def cancel(self, request, queryset):
        self._move(request, queryset, WorkOrderStatus.CANCELLED)

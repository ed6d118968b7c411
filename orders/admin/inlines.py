"""The order's lines and documents on its change page, and storing the
files added there."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..choices import OPEN_LINE_STATUSES
from ..forms.admin import (
    AttachmentAdminForm,
)
from ..models import OrderAttachment, OrderLine


def _individual_no(line):
    """The unit delivered, or the one taken from a local store's shelf."""
    holding = line.holding
    if holding and holding.individual:
        return holding.individual.individual_no
    return line.individual.individual_no if line.individual else ""


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = [
        "position",
        "article",
        "quantity",
        "payer",
        "status",
        "delivery_date",
        "reserved_quantity",
        "delivered_quantity",
        "individual_no",
        "settled_by",
        "outside_request",
        "change_date",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "article",
                "payer",
                "holding__individual",
                "individual",
                "settled_by",
                "outside_request",
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("individ"))
    def individual_no(self, line):
        return _individual_no(line) or "–"

    @admin.display(description=_("leveransdatum"))
    def change_date(self, line):
        # The inline's blank template row has no line behind it.
        if line.pk is None or line.status not in OPEN_LINE_STATUSES:
            return "–"
        url = reverse("admin:orders_order_delivery_date", args=[line.order_id, line.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ändra leveransdatum"))


class AttachmentInline(admin.TabularInline):
    """The documents on the order, read only; new ones go through
    NewAttachmentInline."""

    model = OrderAttachment
    extra = 0
    can_delete = False
    fields = ["document", "file_size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("bilagor")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("storlek"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size)

    @admin.display(description=_("fil"))
    def document(self, attachment):
        url = reverse("order_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


def save_new_attachments(request, form, formset, attach):
    """The files of a new-attachment inline, stored like the prescriber's
    uploads (`attach`) with the staff user as uploader; the change message
    lists them as added."""
    formset.new_objects = [
        attach(form.instance, upload, request.user, attachment_form.file_type)
        for attachment_form in formset.forms
        if (upload := attachment_form.cleaned_data.get("file"))
    ]
    formset.changed_objects = []
    formset.deleted_objects = []


class NewAttachmentInline(admin.TabularInline):
    model = OrderAttachment
    form = AttachmentAdminForm
    extra = 1
    can_delete = False
    verbose_name = _("ny bilaga")
    verbose_name_plural = _("bifoga fil")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

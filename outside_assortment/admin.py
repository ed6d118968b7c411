"""The consultant's side (hjälpmedelskonsulenten, staff with the permission
decide_outsiderequest): find requests, read them and their files, and
decide each once through the same service as everywhere else."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access, log_cases
from catalog.models import Article
from core.admin_input import DateHierarchyAdmin

from . import services
from .choices import RequestStatus
from .models import OutsideRequest, OutsideRequestAttachment

DECIDE_PERMISSION = "outside_assortment.decide_outsiderequest"
FIELDS = [
    "number",
    "status",
    "recipient",
    "customer",
    "prescriber",
    "created_at",
    "article",
    "description",
    "supplier",
    "quantity",
    "reason",
    "decided_at",
    "decided_by",
    "decision_note",
    "instead",
    "used_at",
    "order_number",
]
# The buttons on a request's page: the decision each one makes.
DECISIONS = {
    "bevilja": (RequestStatus.GRANTED, _("Bevilja")),
    "avsla": (RequestStatus.REFUSED, _("Avslå")),
    "i-stallet": (RequestStatus.INSTEAD, _("Använd i stället")),
}


def _article_field(label, help_text, required):
    return forms.CharField(
        label=label,
        required=required,
        max_length=10,
        help_text=help_text,
        error_messages={"required": _("Ange artikelnummer.")},
    )


class DecisionForm(forms.Form):
    """The note, and the article the decision needs: the one granted when
    the request only described it, or the one to use instead."""

    def __init__(self, *args, status, outside_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = status
        self.article = None
        if status == RequestStatus.GRANTED and outside_request.article_id is None:
            self.fields["article_no"] = _article_field(
                _("Beviljad artikel"),
                _(
                    "Artikeln utanför sortimentet som begäran beskriver. Lägg upp "
                    "den i varukatalogen först om den saknas där."
                ),
                required=True,
            )
        elif status == RequestStatus.INSTEAD:
            self.fields["article_no"] = _article_field(
                _("Artikel i sortimentet"),
                _("Artikeln som förskrivaren ska beställa i stället."),
                required=True,
            )
        self.fields["note"] = forms.CharField(
            label=_("Motivering"),
            required=status == RequestStatus.REFUSED,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": _("Skriv varför begäran avslås.")},
            help_text=_("Skickas till förskrivaren i ett personligt meddelande."),
        )

    def clean_article_no(self):
        number = self.cleaned_data["article_no"].strip()
        self.article = Article.objects.filter(article_no=number).first()
        if self.article is None:
            raise ValidationError(
                _("Det finns ingen artikel med artikelnummer %(number)s."),
                code="unknown_article",
                params={"number": number},
            )
        return number

    def decision(self):
        """The keyword arguments of services.decide."""
        article = self.article if self.status == RequestStatus.GRANTED else None
        instead = self.article if self.status == RequestStatus.INSTEAD else None
        return {
            "note": self.cleaned_data["note"],
            "article": article,
            "instead": instead,
        }

    def add_service_error(self, error):
        field = {"article": "article_no", "instead": "article_no", "note": "note"}.get(
            error.code
        )
        self.add_error(field if field in self.fields else None, error)


class AttachmentInline(admin.TabularInline):
    model = OutsideRequestAttachment
    extra = 0
    can_delete = False
    fields = ["document", "size_shown", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fil"))
    def document(self, attachment):
        url = reverse("outside_request_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)

    @admin.display(description=_("storlek"))
    def size_shown(self, attachment):
        return filesizeformat(attachment.size)


@admin.register(OutsideRequest)
class OutsideRequestAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "recipient",
        "wanted",
        "customer",
        "prescriber",
        "created_at",
        "order_number",
    ]
    list_filter = ["status", "created_at"]
    list_select_related = ["person", "care_unit", "customer", "prescriber", "article"]
    search_fields = ["number__startswith"]
    search_help_text = _("Ärendenummer (början), t.ex. U2649.")
    date_hierarchy = "created_at"
    show_facets = ShowFacets.NEVER
    inlines = [AttachmentInline]
    change_form_template = "admin/outside_assortment/outsiderequest/change_form.html"
    fields = FIELDS
    readonly_fields = FIELDS

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mottagare"))
    def recipient(self, outside_request):
        """The name only: the personnummer is never shown in the list."""
        if outside_request.person_id:
            person = outside_request.person
            return f"{person.first_name} {person.last_name}"
        return outside_request.care_unit.name

    @admin.display(description=_("önskad artikel"))
    def wanted(self, outside_request):
        return outside_request.wanted[:80]

    def get_urls(self):
        return [
            path(
                "<uuid:outside_request_id>/beslut/<slug:step>/",
                self.admin_site.admin_view(self.decide_view),
                name="outside_assortment_outsiderequest_decide",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            log_cases(
                access_context(request), changelist.result_list, AccessAction.VIEW
            )
        return response

    @staticmethod
    def _log_view(request, outside_request):
        if outside_request.person_id:
            log_access(
                access_context(request),
                outside_request.person,
                AccessAction.VIEW,
                outside_request,
                customer=outside_request.customer,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        outside_request = self.get_object(request, object_id)
        if outside_request is not None:
            self._log_view(request, outside_request)
        steps = [
            (slug, label)
            for slug, (status, label) in DECISIONS.items()
            if outside_request is not None
            and request.user.has_perm(DECIDE_PERMISSION)
            and services.can_decide(outside_request, status)
        ]
        extra_context = {**(extra_context or {}), "steps": steps}
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, outside_request_id, step):
        """Bevilja, Avslå or Använd i stället for one request."""
        if step not in DECISIONS:
            raise Http404
        outside_request = (
            self.get_queryset(request)
            .select_related("person", "care_unit", "customer", "article")
            .filter(pk=outside_request_id)
            .first()
        )
        if outside_request is None:
            raise Http404
        if not request.user.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied
        status, label = DECISIONS[step]
        change_url = reverse(
            "admin:outside_assortment_outsiderequest_change",
            args=[outside_request.pk],
        )
        form = DecisionForm(
            request.POST or None, status=status, outside_request=outside_request
        )
        if form.is_valid():
            try:
                services.decide(
                    outside_request, status, request.user, **form.decision()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                self.message_user(
                    request,
                    _("Begäran %(number)s: %(status)s.")
                    % {"number": outside_request.number, "status": status.label},
                )
                return redirect(change_url)
        self._log_view(request, outside_request)
        return TemplateResponse(
            request,
            "admin/outside_assortment/outsiderequest/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"{label}: {_('begäran')} {outside_request.number}",
                "outside_request": outside_request,
                "recipient": self.recipient(outside_request),
                "change_url": change_url,
                "form": form,
                "label": label,
            },
        )

"""Customer service's side of Borttappat hjälpmedel: the reports by status,
each read in full, and Bekräfta / Avslå (with an answer to the prescriber)
through the same services as the prescriber's pages. Every patient shown
is access-logged."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import access_context
from accounts.admin import PersonsShownAdmin
from accounts.choices import AccessAction
from accounts.services import log_access
from core.admin_input import DateHierarchyAdmin

from . import services
from .choices import LOST_TRANSITIONS, LostReportStatus
from .models import LostReport

FIELDS = [
    "number",
    "status",
    "recipient",
    "article",
    "individual",
    "lost_on",
    "circumstances",
    "police_report_no",
    "customer",
    "reported_by",
    "reported_at",
    "handled_by",
    "handled_at",
    "answer",
    "found_on",
    "found_reported_by",
]
# slug: (the status it leads to, the service, its button)
DECISIONS = {
    "bekrafta": (
        LostReportStatus.CONFIRMED,
        services.confirm_lost,
        _("Bekräfta"),
    ),
    "avsla": (
        LostReportStatus.REJECTED,
        services.reject_lost,
        _("Avslå"),
    ),
}


class DecisionForm(forms.Form):
    answer = forms.CharField(
        label=_("Svar till förskrivaren"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skickas i det personliga meddelandet och visas på ärendet."),
    )


@admin.register(LostReport)
class LostReportAdmin(PersonsShownAdmin, DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "reported_at",
        "recipient",
        "article",
        "lost_on",
        "customer",
        "reported_by",
    ]
    list_filter = ["status", "reported_at"]
    list_select_related = [
        "holding__person",
        "holding__care_unit",
        "holding__article",
        "customer",
        "reported_by",
    ]
    search_fields = ["number__startswith"]
    search_help_text = _("Ärendenummer (början), t.ex. BH2610.")
    date_hierarchy = "reported_at"
    show_facets = ShowFacets.NEVER
    actions = ["confirm", "reject"]
    change_form_template = "admin/aids/lostreport/change_form.html"
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "holding__person",
                "holding__care_unit",
                "holding__article",
                "holding__individual",
                "customer",
                "reported_by",
                "handled_by",
                "found_reported_by",
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def persons_shown(self, reports):
        return {
            (report.holding.person, report.customer)
            for report in reports
            if report.holding.person_id
        }

    @admin.display(description=_("mottagare"))
    def recipient(self, report):
        # The name only: the personnummer is never shown in the lists.
        return report.holding.recipient.name

    @admin.display(description=_("artikel"))
    def article(self, report):
        article = report.holding.article
        return f"{article.article_no} {article.name}"

    @admin.display(description=_("individnummer"))
    def individual(self, report):
        return report.holding.individual or "–"

    def get_urls(self):
        return [
            path(
                "<uuid:report_id>/beslut/<slug:decision>/",
                self.admin_site.admin_view(self.decision_view),
                name="aids_lostreport_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        decisions = [
            (slug, label)
            for slug, (status, _service, label) in DECISIONS.items()
            if report is not None
            and status in LOST_TRANSITIONS[LostReportStatus(report.status)]
        ]
        extra_context = {**(extra_context or {}), "decisions": decisions}
        return super().change_view(request, object_id, form_url, extra_context)

    def decision_view(self, request, report_id, decision):
        """Bekräfta or Avslå one report, with an answer to the prescriber."""
        if decision not in DECISIONS:
            raise Http404
        report = self.get_queryset(request).filter(pk=report_id).first()
        if report is None:
            raise Http404
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        status, service, label = DECISIONS[decision]
        change_url = reverse("admin:aids_lostreport_change", args=[report.pk])
        form = DecisionForm(request.POST or None)
        if form.is_valid():
            try:
                service(request.user, report, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._decided(request, report, status)
                return redirect(change_url)
        if report.holding.person_id:
            log_access(
                access_context(request),
                report.holding.person,
                AccessAction.VIEW,
                report,
                customer=report.customer,
            )
        return TemplateResponse(
            request,
            "admin/aids/lostreport/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"{label}: {report}",
                "report": report,
                "recipient": report.holding.recipient.name,
                "article": self.article(report),
                "change_url": change_url,
                "form": form,
                "label": label,
            },
        )

    def _decided(self, request, report, status):
        self.message_user(
            request,
            _("%(report)s: %(status)s.")
            % {"report": report, "status": status.label.lower()},
        )

    def _decide(self, request, queryset, decision):
        status, service, _label = DECISIONS[decision]
        for report in queryset:
            try:
                service(request.user, report)
            except ValidationError as error:
                self.message_user(
                    request, f"{report.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self._decided(request, report, status)

    @admin.action(description=_("Bekräfta markerade anmälningar"))
    def confirm(self, request, queryset):
        self._decide(request, queryset, "bekrafta")

    @admin.action(description=_("Avslå markerade anmälningar"))
    def reject(self, request, queryset):
        self._decide(request, queryset, "avsla")

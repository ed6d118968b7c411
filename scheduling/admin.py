"""Customer service reads the scheduled jobs here: each with its last run
and when it is next due, and every run's outcome and output. Only
run_scheduled writes them."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_input import DateHierarchyAdmin
from core.readonly_admin import ReadOnlyAdmin

from .jobs import jobs_by_name
from .models import JobRun, Outcome, ScheduledJob
from .services import next_due


def local(moment):
    if moment is None:
        return "–"
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = ["name", "description", "schedule", "last_run", "next_due"]
    fields = [
        "name",
        "description",
        "schedule",
        "idempotent",
        "last_run",
        "last_ok",
        "next_due",
        "created_at",
        "run_list",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_last_runs()

    def job(self, row):
        return jobs_by_name().get(row.name)

    @admin.display(description=_("beskrivning"))
    def description(self, row):
        job = self.job(row)
        return job.description if job else _("Inte längre schemalagt.")

    @admin.display(description=_("schema"))
    def schedule(self, row):
        job = self.job(row)
        return str(job.schedule) if job else "–"

    @admin.display(description=_("tål att köras om"))
    def idempotent(self, row):
        job = self.job(row)
        return job.idempotent if job else "–"

    @admin.display(description=_("senaste körning"), ordering="latest_started")
    def last_run(self, row):
        if row.latest_started is None:
            return _("aldrig")
        return f"{local(row.latest_started)} ({Outcome(row.latest_outcome).label})"

    @admin.display(description=_("senast lyckad"), ordering="last_ok")
    def last_ok(self, row):
        return local(row.last_ok) if row.last_ok else _("aldrig")

    @admin.display(description=_("nästa gång"))
    def next_due(self, row):
        job = self.job(row)
        if job is None:
            return "–"
        due = next_due(job, row, timezone.now())
        return _("vid nästa körning") if due <= timezone.now() else local(due)

    @admin.display(description=_("körningar"))
    def run_list(self, row):
        url = reverse("admin:scheduling_jobrun_changelist")
        return format_html(
            '<a href="{}?job__id__exact={}">{}</a>',
            url,
            row.pk,
            _("Visa jobbets körningar"),
        )


@admin.register(JobRun)
class JobRunAdmin(DateHierarchyAdmin, ReadOnlyAdmin):
    list_display = ["job", "started", "finished", "outcome", "host"]
    list_filter = ["outcome", "job"]
    list_select_related = ["job"]
    date_hierarchy = "started"
    fields = ["job", "started", "finished", "duration", "outcome", "host", "output"]
    readonly_fields = fields

    @admin.display(description=_("tid"))
    def duration(self, run):
        if run.duration is None:
            return "–"
        return _("%(seconds).1f s") % {"seconds": run.duration.total_seconds()}

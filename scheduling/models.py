from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledJobQuerySet(models.QuerySet):
    def with_last_runs(self):
        """Each with `last_ok` (when its last successful run began) and its
        latest run's `latest_started` and `latest_outcome`."""
        runs = JobRun.objects.filter(job=models.OuterRef("pk")).order_by("-started")
        return self.annotate(
            last_ok=models.Subquery(runs.succeeded().values("started")[:1]),
            latest_started=models.Subquery(runs.values("started")[:1]),
            latest_outcome=models.Subquery(runs.values("outcome")[:1]),
        )


class ScheduledJob(models.Model):
    """A job of the registry (scheduling.jobs), one row each, added by the
    first run_scheduled that knows it: its runs hang on it, and a calendar
    job never run is due from the time it was first seen."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("först sedd"), default=timezone.now)

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("schemalagt jobb")
        verbose_name_plural = _("schemalagda jobb")

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    RUNNING = "running", _("pågår")
    OK = "ok", _("lyckades")
    FAILED = "failed", _("misslyckades")
    # Still marked running when the next run got the job's lock: the
    # process was stopped or the server went down.
    INTERRUPTED = "interrupted", _("avbröts")


class JobRunQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(outcome=Outcome.OK)


class JobRun(models.Model):
    """One run of a job, written only by scheduling.services."""

    job = models.ForeignKey(
        ScheduledJob, models.CASCADE, related_name="runs", verbose_name=_("jobb")
    )
    started = models.DateTimeField(_("startad"))
    finished = models.DateTimeField(_("klar"), null=True, blank=True)
    outcome = models.CharField(
        _("resultat"), max_length=20, choices=Outcome, default=Outcome.RUNNING
    )
    output = models.TextField(_("utskrift"), blank=True)
    host = models.CharField(_("server"), max_length=255)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "-pk"]
        verbose_name = _("körning av schemalagt jobb")
        verbose_name_plural = _("körningar av schemalagda jobb")
        indexes = [models.Index(fields=["job", "-started"], name="jobrun_job_started")]

    def __str__(self):
        return f"{self.job} {timezone.localtime(self.started):%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        if self.finished is None:
            return None
        return self.finished - self.started

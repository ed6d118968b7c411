"""When a job is due, relative to the start of its last successful run.
Calendar times are local (settings.TIME_ZONE, Europe/Stockholm), so a
nightly job stays at 01:00 across daylight saving time; keep them outside
02:00-03:00, the hour that is skipped or repeated."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

# A failed job is tried again at the first run this long after it failed
# (sooner if its interval is shorter), not on every run of the timer.
RETRY_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class Every:
    """Every `period`: due that long after the last successful run began,
    less a tenth (at most a minute) for the timer's own jitter, so that
    `Every(hours=1)` under a five-minute timer runs every hour and not every
    65 minutes. Never run: due at once."""

    period: timedelta

    def __init__(self, **period):
        object.__setattr__(self, "period", timedelta(**period))

    @property
    def grace(self):
        return min(self.period / 10, timedelta(minutes=1))

    @property
    def retry_after(self):
        return min(self.period, RETRY_AFTER)

    def next_due(self, last_ok, since):
        if last_ok is None:
            return since
        return last_ok + self.period - self.grace

    def __str__(self):
        minutes = int(self.period.total_seconds() // 60)
        if minutes == 1:
            return _("varje minut")
        if minutes == 60:
            return _("varje timme")
        if minutes % 60 == 0:
            return _("var %(hours)s:e timme") % {"hours": minutes // 60}
        return _("var %(minutes)s:e minut") % {"minutes": minutes}


def _local(day, at):
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Daily:
    """Every day at local time `at`: due at the first such time after the
    last successful run began (never run: after the job was first seen)."""

    at: time
    retry_after = RETRY_AFTER

    def next_due(self, last_ok, since):
        after = last_ok or since
        day = timezone.localdate(after)
        due = _local(day, self.at)
        if due <= after:
            due = _local(day + timedelta(days=1), self.at)
        return due

    def __str__(self):
        return _("varje dag kl. %(time)s") % {"time": f"{self.at:%H:%M}"}


def _next_month(day):
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Monthly:
    """On day `day` of each month at local time `at`, as Daily."""

    day: int
    at: time
    retry_after = RETRY_AFTER

    def __post_init__(self):
        if not 1 <= self.day <= 28:
            raise ValueError("Every month has days 1-28 only.")

    def next_due(self, last_ok, since):
        after = last_ok or since
        month = timezone.localdate(after).replace(day=1)
        due = _local(month.replace(day=self.day), self.at)
        if due <= after:
            due = _local(_next_month(month).replace(day=self.day), self.at)
        return due

    def __str__(self):
        return _("den %(day)s:e varje månad kl. %(time)s") % {
            "day": self.day,
            "time": f"{self.at:%H:%M}",
        }


def months_between(first, last):
    """The first days of the months from `first`'s to `last`'s, inclusive."""
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


def previous_month(day: date):
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)

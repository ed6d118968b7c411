"""When each job of the registry is due, with the clock frozen: interval
jobs on every run of the timer, nightly and monthly ones at their local
time after their last successful run, a failed one retried later."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management.base import CommandError

from scheduling.jobs import JOBS, Context, months_to_invoice
from scheduling.models import JobRun, Outcome, ScheduledJob
from scheduling.schedules import Daily, Every, Monthly
from scheduling.services import run_due

from .helpers import Calls, at

NIGHTLY = {
    "deactivate_inactive_users",
    "clearsessions",
    "axes_reset_failure_logs --age 90",
    "purge_drafts",
}


@pytest.fixture
def calls(monkeypatch):
    calls = Calls()
    monkeypatch.setattr("scheduling.services.call_command", calls)
    return calls


def run_at(time_machine, calls, moment):
    time_machine.move_to(moment, tick=False)
    run_due()
    return calls.take()


@pytest.mark.django_db
def test_each_job_runs_when_due_after_its_last_successful_run(calls, time_machine):
    # First seen on a Thursday afternoon: the interval jobs run at once,
    # the calendar ones wait for their first time.
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 0)) == [
        "send_pending_mail",
        "remind_baskets",
    ]
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 0, 50)) == []
    # Five minutes later, as the timer calls: the mail, not yet the hourly job.
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 5, 1)) == [
        "send_pending_mail"
    ]
    # An hour after the hourly job's last run, less the timer's jitter.
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 59, 30)) == [
        "send_pending_mail",
        "remind_baskets",
    ]
    assert set(run_at(time_machine, calls, at(2026, 12, 4, 1, 0, 5))) == {
        "send_pending_mail",
        "remind_baskets",
        *NIGHTLY,
    }
    # Once a night.
    assert run_at(time_machine, calls, at(2026, 12, 4, 1, 5)) == ["send_pending_mail"]
    assert run_at(time_machine, calls, at(2026, 12, 4, 5, 0)) == [
        "send_pending_mail",
        "remind_baskets",
        "replenish_stores",
    ]
    assert run_at(time_machine, calls, at(2026, 12, 4, 5, 30)) == [
        "send_pending_mail",
        "render_invoice_pdfs",
    ]
    # The month is invoiced on the 1st, and its PDFs made right after.
    lines = run_at(time_machine, calls, at(2027, 1, 1, 5, 0))
    assert "invoice_month 2026-12" in lines
    assert (
        lines.index("render_invoice_pdfs") == lines.index("invoice_month 2026-12") + 1
    )
    assert "invoice_month 2026-12" not in run_at(
        time_machine, calls, at(2027, 1, 2, 5, 0)
    )
    assert JobRun.objects.exclude(outcome=Outcome.OK).count() == 0


@pytest.mark.django_db
def test_a_server_down_all_night_runs_the_nightly_jobs_when_it_is_back(
    calls, time_machine
):
    ScheduledJob.objects.bulk_create(
        ScheduledJob(name=job.name, created_at=at(2026, 11, 1, 12, 0)) for job in JOBS
    )
    lines = run_at(time_machine, calls, at(2026, 12, 4, 9, 17))
    assert NIGHTLY | {"replenish_stores", "render_invoice_pdfs"} <= set(lines)
    assert "invoice_month 2026-11" in lines
    assert run_at(time_machine, calls, at(2026, 12, 4, 23, 59)) == [
        "send_pending_mail",
        "remind_baskets",
    ]


@pytest.mark.django_db
def test_a_failed_job_is_tried_again_half_an_hour_later_not_on_every_run(
    calls, time_machine
):
    calls.failing = {"remind_baskets": CommandError("Databasen svarar inte.")}
    run_at(time_machine, calls, at(2026, 12, 3, 14, 0))
    calls.failing = {}
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 5)) == ["send_pending_mail"]
    assert run_at(time_machine, calls, at(2026, 12, 3, 14, 30)) == [
        "send_pending_mail",
        "remind_baskets",
    ]
    assert list(
        JobRun.objects.filter(job__name="remind_baskets")
        .order_by("started")
        .values_list("outcome", flat=True)
    ) == [Outcome.FAILED, Outcome.OK]


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_an_interval_allows_for_the_timers_jitter():
    hourly = Every(hours=1)
    last = utc(2026, 12, 3, 10, 0)
    assert hourly.next_due(last, None) == utc(2026, 12, 3, 10, 59)
    assert Every(minutes=1).next_due(last, None) == last + timedelta(seconds=54)
    assert hourly.next_due(None, last) == last


def test_a_nightly_time_is_local_across_daylight_saving_time():
    nightly = Daily(time(1, 0))
    # Summer time begins on 29 March 2026: 01:00 is 00:00 UTC before, 23:00 after.
    assert nightly.next_due(at(2026, 3, 28, 1, 0, 5), None) == utc(2026, 3, 29, 0, 0)
    assert nightly.next_due(at(2026, 3, 29, 1, 0, 5), None) == utc(2026, 3, 29, 23, 0)
    # Run early, by hand: the same night still runs it.
    assert nightly.next_due(at(2026, 3, 29, 0, 30), None) == at(2026, 3, 29, 1, 0)
    assert nightly.next_due(None, at(2026, 3, 29, 12, 0)) == at(2026, 3, 30, 1, 0)


def test_a_monthly_job_is_due_on_its_day_after_the_last_run():
    monthly = Monthly(1, time(5, 0))
    assert monthly.next_due(at(2026, 12, 1, 5, 0, 2), None) == at(2027, 1, 1, 5, 0)
    assert monthly.next_due(at(2026, 11, 20, 9, 0), None) == at(2026, 12, 1, 5, 0)
    assert monthly.next_due(None, at(2026, 12, 3, 9, 0)) == at(2027, 1, 1, 5, 0)
    with pytest.raises(ValueError):
        Monthly(31, time(5, 0))


def test_invoice_month_names_last_month_and_any_month_a_missed_run_left():
    assert months_to_invoice(Context(at(2027, 1, 1, 5, 0))) == ["2026-12"]
    assert months_to_invoice(
        Context(at(2027, 1, 1, 5, 0), last_ok=at(2026, 12, 1, 5, 0))
    ) == ["2026-12"]
    # The run of 1 December never succeeded: November is named again.
    assert months_to_invoice(
        Context(at(2027, 1, 1, 5, 0), last_ok=at(2026, 11, 1, 5, 0))
    ) == ["2026-11", "2026-12"]
    # Forced again later in the month.
    assert months_to_invoice(
        Context(at(2027, 1, 20, 9, 0), last_ok=at(2027, 1, 1, 5, 0))
    ) == ["2026-12"]

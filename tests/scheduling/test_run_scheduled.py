"""manage.py run_scheduled: runs the due jobs, records each run, keeps
going past a failing job, skips a job another server is running; --list
and --job."""

import logging
import socket
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from notices.models import PendingMail
from scheduling.jobs import jobs_by_name
from scheduling.models import JobRun, Outcome, ScheduledJob
from scheduling.services import LOCK_KEY, lock_key

from .helpers import Calls, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def thursday(time_machine):
    time_machine.move_to(at(2026, 12, 3, 14, 0), tick=False)


@pytest.fixture
def calls(monkeypatch):
    calls = Calls(real={"send_pending_mail", "remind_baskets"})
    monkeypatch.setattr("scheduling.services.call_command", calls)
    return calls


def run_scheduled(*args):
    out = StringIO()
    call_command("run_scheduled", *args, stdout=out)
    return out.getvalue()


def test_the_due_jobs_run_their_commands_and_each_run_is_recorded():
    PendingMail.objects.create(to="anna@example.se", subject="Order 1", body=".")

    out = run_scheduled()

    assert len(mail.outbox) == 1
    assert "1 mail(s) sent, 0 still unsent." in out
    assert "send_pending_mail: klart." in out
    run = JobRun.objects.get(job__name="send_pending_mail")
    assert run.outcome == Outcome.OK
    assert run.started == run.finished == at(2026, 12, 3, 14, 0)
    assert run.host == socket.gethostname()
    assert run.output == "$ send_pending_mail\n1 mail(s) sent, 0 still unsent.\n"
    assert set(JobRun.objects.values_list("job__name", flat=True)) == {
        "send_pending_mail",
        "remind_baskets",
    }
    # Every job of the registry has its row, the ones not yet run too.
    assert ScheduledJob.objects.count() == len(jobs_by_name())


def test_a_failing_job_is_recorded_and_logged_and_the_others_still_run(calls, caplog):
    calls.failing = {"send_pending_mail": CommandError("SMTP-servern svarar inte.")}

    with (
        caplog.at_level(logging.INFO, logger="scheduling"),
        pytest.raises(CommandError, match="Kördes inte klart: send_pending_mail."),
    ):
        run_scheduled()

    failed = JobRun.objects.get(job__name="send_pending_mail")
    assert failed.outcome == Outcome.FAILED
    assert failed.finished is not None
    assert failed.output == (
        "$ send_pending_mail\nCommandError: SMTP-servern svarar inte.\n"
    )
    assert JobRun.objects.get(job__name="remind_baskets").outcome == Outcome.OK
    assert calls.lines == ["send_pending_mail", "remind_baskets"]
    failure, *finished = caplog.records
    assert failure.getMessage() == "Scheduled job send_pending_mail failed."
    assert failure.exc_info is not None
    assert [record.getMessage() for record in finished] == [
        "Scheduled job send_pending_mail: failed in 0.0 s.",
        "Scheduled job remind_baskets: ok in 0.0 s.",
    ]


def test_what_a_run_keeps_of_the_output_is_short_and_has_no_personnummer(calls):
    calls.failing = {
        "send_pending_mail": CommandError("x" * 5000 + " 19121212-1212 fel")
    }
    with pytest.raises(CommandError):
        run_scheduled()
    output = JobRun.objects.get(job__name="send_pending_mail").output
    assert len(output) == 4000
    assert output.endswith("[personnummer] fel\n")


def test_a_job_another_server_is_running_is_skipped_and_not_recorded(calls):
    job = jobs_by_name()["send_pending_mail"]
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_KEY, lock_key(job)])
        out = run_scheduled()
    finally:
        other.close()

    assert "send_pending_mail: körs redan på en annan server, hoppar över." in out
    assert calls.lines == ["remind_baskets"]
    assert not JobRun.objects.filter(job__name="send_pending_mail").exists()
    # Its lock released, the job runs.
    run_scheduled()
    assert calls.lines[-1] == "send_pending_mail"


def test_a_run_left_running_when_its_server_stopped_is_marked_interrupted(calls):
    job = ScheduledJob.objects.create(name="send_pending_mail")
    stopped = JobRun.objects.create(
        job=job, started=at(2026, 12, 3, 13, 0), host="app1"
    )

    run_scheduled()

    stopped.refresh_from_db()
    assert stopped.outcome == Outcome.INTERRUPTED
    assert job.runs.latest("started").outcome == Outcome.OK


def test_list_shows_each_job_its_schedule_and_when_it_is_next_due(calls):
    run_scheduled()
    out = run_scheduled("--list")
    assert out.splitlines() == [
        "send_pending_mail: varje minut; senast lyckad 2026-12-03 14:00; på tur 2026-12-03 14:00.",
        "remind_baskets: varje timme; senast lyckad 2026-12-03 14:00; på tur 2026-12-03 14:59.",
        "deactivate_inactive_users: varje dag kl. 01:00; senast lyckad aldrig; på tur 2026-12-04 01:00.",
        "clearsessions: varje dag kl. 01:00; senast lyckad aldrig; på tur 2026-12-04 01:00.",
        "axes_reset_failure_logs: varje dag kl. 01:00; senast lyckad aldrig; på tur 2026-12-04 01:00.",
        "purge_drafts: varje dag kl. 01:00; senast lyckad aldrig; på tur 2026-12-04 01:00.",
        "replenish_stores: varje dag kl. 05:00; senast lyckad aldrig; på tur 2026-12-04 05:00.",
        "invoice_month: den 1:e varje månad kl. 05:00; senast lyckad aldrig; på tur 2027-01-01 05:00.",
        "render_invoice_pdfs: varje dag kl. 05:30; senast lyckad aldrig; på tur 2026-12-04 05:30.",
    ]
    # --list changes nothing.
    assert JobRun.objects.count() == 2


def test_job_runs_one_job_now_due_or_not(calls):
    out = run_scheduled("--job", "invoice_month")
    assert calls.lines == ["invoice_month 2026-11", "render_invoice_pdfs"]
    assert "invoice_month: klart." in out
    assert JobRun.objects.get().job.name == "invoice_month"

    with pytest.raises(CommandError, match="Inget jobb heter 'invoice'"):
        run_scheduled("--job", "invoice")

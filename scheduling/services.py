"""Running the registry's jobs (scheduling.jobs): each under a PostgreSQL
advisory lock of its own, so that when several app servers' timers call
run_scheduled at once each due job runs once, and each run recorded."""

import io
import logging
import socket
import zlib
from contextlib import contextmanager
from enum import StrEnum

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from core.logging import CONTROL_EXCEPT_NEWLINE, clean

from .jobs import JOBS, Context
from .models import JobRun, Outcome, ScheduledJob

logger = logging.getLogger(__name__)

# pg_try_advisory_lock's first key for a scheduled job ("SCHD"); the second
# is the job's name as a CRC-32, stable across releases and servers.
LOCK_KEY = 0x53434844
# A run keeps the end of what its commands printed: counts, and the error.
OUTPUT_MAX_CHARS = 4000


class Result(StrEnum):
    OK = "ok"
    FAILED = "failed"
    # Another server holds the job's lock: it is running there.
    LOCKED = "locked"
    # It ran elsewhere between our look and our lock.
    NOT_DUE = "not due"


def lock_key(job):
    return int.from_bytes(
        zlib.crc32(job.name.encode()).to_bytes(4, "big"), "big", signed=True
    )


@contextmanager
def job_lock(job):
    """True while this process alone runs the job, False when another holds
    it. A session lock on a connection of its own: the job's commands use
    the default connection with transactions of their own, and whatever
    ends this session (the process dying too) releases the lock."""
    lock_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with lock_connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", [LOCK_KEY, lock_key(job)]
            )
            [locked] = cursor.fetchone()
        yield locked
    finally:
        lock_connection.close()


def add_new_jobs():
    """A row for each job of the registry that has none, keeping the time
    the others were first seen."""
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=job.name) for job in JOBS], ignore_conflicts=True
    )


def next_due(job, row, now):
    """When `job` is due; `row` is its ScheduledJob with_last_runs(), or
    None when no run has seen it yet."""
    if row is None:
        return job.schedule.next_due(None, now)
    due = job.schedule.next_due(row.last_ok, row.created_at)
    failed = row.latest_outcome in (Outcome.FAILED, Outcome.INTERRUPTED)
    if failed and (row.last_ok is None or row.latest_started > row.last_ok):
        due = max(due, row.latest_started + job.schedule.retry_after)
    return due


def job_rows():
    return {row.name: row for row in ScheduledJob.objects.with_last_runs()}


def run_due(out=None):
    """Runs every due job, in the registry's order; one that fails is
    recorded and logged and the others still run. Returns [(job, Result)]."""
    add_new_jobs()
    rows, now = job_rows(), timezone.now()
    return [
        (job, run_job(job, out=out))
        for job in JOBS
        if next_due(job, rows[job.name], now) <= now
    ]


def run_now(job, out=None):
    """Runs `job` whether due or not (run_scheduled --job), unless it is
    running elsewhere."""
    add_new_jobs()
    return run_job(job, force=True, out=out)


def run_job(job, force=False, out=None):
    """Runs `job` under its lock, if it is still due once the lock is held
    (or `force`d), and records the run."""
    with job_lock(job) as locked:
        if not locked:
            return Result.LOCKED
        row = ScheduledJob.objects.with_last_runs().get(name=job.name)
        # Holding the lock, no run of the job can be going on anywhere.
        row.runs.filter(outcome=Outcome.RUNNING).update(outcome=Outcome.INTERRUPTED)
        now = timezone.now()
        if not force and next_due(job, row, now) > now:
            return Result.NOT_DUE
        return _record(job, row, Context(now=now, last_ok=row.last_ok), out)


def _record(job, row, context, out):
    run = JobRun.objects.create(job=row, started=context.now, host=socket.gethostname())
    output = io.StringIO()
    try:
        for step in job.steps:
            arguments = step.arguments(context)
            output.write(" ".join(["$", step.command, *arguments]) + "\n")
            call_command(step.command, *arguments, stdout=output, stderr=output)
    except Exception as error:  # noqa: BLE001 - recorded; the other jobs run
        logger.exception("Scheduled job %s failed.", job.name)
        output.write(f"{type(error).__name__}: {error}\n")
        run.outcome = Outcome.FAILED
    else:
        run.outcome = Outcome.OK
    run.finished = timezone.now()
    text = clean(output.getvalue(), control=CONTROL_EXCEPT_NEWLINE)
    run.output = text[-OUTPUT_MAX_CHARS:]
    run.save(update_fields=["outcome", "finished", "output"])
    logger.info(
        "Scheduled job %s: %s in %.1f s.",
        job.name,
        run.outcome,
        run.duration.total_seconds(),
    )
    if out is not None:
        out.write(text)
    return Result(run.outcome)

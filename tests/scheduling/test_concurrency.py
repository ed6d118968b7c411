"""Two app servers' timers calling run_scheduled at the same moment, each
with its own database connection (tests.concurrency): every due job runs
once. Each job is made to wait, while it runs, until the other call has
met its lock, so every job is contended and not merely run one after the
other."""

import threading
from collections import Counter
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core import mail
from django.core.management import call_command

from accounts.models import User
from invoicing.models import Invoice
from notices.models import PendingMail
from orders.models import Order
from scheduling import services
from scheduling.jobs import JOBS
from scheduling.models import JobRun, Outcome, ScheduledJob
from tests.concurrency import concurrent, run_together
from tests.factories import (
    ArticlePriceFactory,
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    PayerFactory,
    UserFactory,
)

from .helpers import at

NAMES = [job.name for job in JOBS]


class Contention:
    """Wraps the services' lock and run: a job that got its lock runs only
    once the other call has been refused that lock (or after a timeout,
    which the test then reports)."""

    def __init__(self, monkeypatch):
        self.refused = {name: threading.Event() for name in NAMES}
        self.commands = Counter()
        self._lock = threading.Lock()
        job_lock, record = services.job_lock, services._record

        @contextmanager
        def contended_lock(job):
            with job_lock(job) as locked:
                if not locked:
                    self.refused[job.name].set()
                yield locked

        def contended_record(job, *args):
            self.refused[job.name].wait(timeout=30)
            return record(job, *args)

        def counted_call(command, *args, **options):
            with self._lock:
                self.commands[" ".join([command, *args])] += 1
            call_command(command, *args, **options)

        monkeypatch.setattr(services, "job_lock", contended_lock)
        monkeypatch.setattr(services, "_record", contended_record)
        monkeypatch.setattr(services, "call_command", counted_call)


def run_scheduled():
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    return out.getvalue()


@concurrent
def test_two_servers_calling_at_once_run_each_due_job_once(
    monkeypatch, time_machine, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(at(2026, 10, 1, 9, 0), tick=False)
    prescriber = UserFactory(customers=[CustomerFactory()])
    draft = DraftOrderFactory(prescriber=prescriber)
    idle = UserFactory(last_login=at(2026, 3, 1, 9, 0))
    ScheduledJob.objects.bulk_create(ScheduledJob(name=name) for name in NAMES)
    HoldingFactory(
        article=ArticlePriceFactory(monthly_rent=Decimal("300.00")).article,
        payer=PayerFactory(),
        delivered_on=date(2026, 10, 1),
    )
    time_machine.move_to(at(2026, 12, 1, 5, 30), tick=False)
    prescriber.last_login = at(2026, 12, 1, 5, 0)
    prescriber.save(update_fields=["last_login"])
    PendingMail.objects.create(to="anna@example.se", subject="Order 1", body=".")
    contention = Contention(monkeypatch)

    outcomes = run_together(run_scheduled, run_scheduled)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    runs = JobRun.objects.all()
    assert Counter(run.job.name for run in runs) == Counter(NAMES)
    assert {run.outcome for run in runs} == {Outcome.OK}
    assert [name for name in NAMES if not contention.refused[name].is_set()] == []
    assert contention.commands == Counter(
        {
            "send_pending_mail": 1,
            "remind_baskets": 1,
            "deactivate_inactive_users": 1,
            "clearsessions": 1,
            "axes_reset_failure_logs --age 90": 1,
            "purge_drafts": 1,
            "replenish_stores": 1,
            "invoice_month 2026-11": 1,
            # After invoice_month, and the nightly one.
            "render_invoice_pdfs": 2,
        }
    )
    assert len(mail.outbox) == 1
    assert not Order.objects.filter(pk=draft.pk).exists()
    assert not User.objects.get(pk=idle.pk).is_active
    [invoice] = Invoice.objects.all()
    assert invoice.pdf
    for out in outcomes:
        assert "körs redan på en annan server" in out

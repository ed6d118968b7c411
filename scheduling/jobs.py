"""The registry: every periodic job, what it runs and when it is due.
`manage.py run_scheduled` runs the due ones in this order (the quick,
frequent mail first). Each job's commands are other apps' management
commands, called by name, so this app imports none of them. Every job is
safe to run again: `idempotent` says why, and the admin shows it."""

from dataclasses import dataclass
from datetime import time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .schedules import Daily, Every, Monthly, months_between, previous_month


@dataclass(frozen=True)
class Context:
    """What a job's arguments are computed from when it runs."""

    now: object
    # When the job's last successful run began, or None.
    last_ok: object = None


@dataclass(frozen=True)
class Step:
    command: str
    # Fixed arguments, or a function of the run's Context returning them.
    args: object = ()

    def arguments(self, context):
        return list(self.args(context) if callable(self.args) else self.args)


@dataclass(frozen=True)
class Job:
    name: str
    schedule: object
    steps: tuple
    description: str
    idempotent: str


def months_to_invoice(context):
    """The month before this one, and any month since the last successful
    run that a missed run left uninvoiced (a run on the 1st of a month
    invoices the one before): invoice_month compares a named month in full."""
    last_month = previous_month(timezone.localdate(context.now))
    first = last_month
    if context.last_ok is not None:
        first = min(timezone.localdate(context.last_ok).replace(day=1), last_month)
    return [f"{month:%Y-%m}" for month in months_between(first, last_month)]


NIGHTLY = time(1, 0)
# After the nightly imports of stock and holdings from the centre's systems.
MORNING = time(5, 0)

JOBS = (
    Job(
        "send_pending_mail",
        Every(minutes=1),
        (Step("send_pending_mail"),),
        _("Skickar e-post som e-postservern vägrade ta emot när händelsen skedde."),
        _(
            "Varje brev låses och kontrolleras igen innan det skickas: det skickas en gång."
        ),
    ),
    Job(
        "remind_baskets",
        Every(hours=1),
        (Step("remind_baskets"),),
        _("Påminner förskrivare om varukorgslån som passerat sitt datum."),
        _(
            "Varje lån påminns en gång när datumet passerat och sedan veckovis, hur ofta jobbet än körs."
        ),
    ),
    Job(
        "deactivate_inactive_users",
        Daily(NIGHTLY),
        (Step("deactivate_inactive_users"),),
        _("Inaktiverar konton som inte loggat in på INACTIVE_USER_DAYS dagar."),
        _("Ett konto som redan är inaktiverat berörs inte igen."),
    ),
    Job(
        "clearsessions",
        Daily(NIGHTLY),
        (Step("clearsessions"),),
        _("Tar bort utgångna sessioner."),
        _("Tar bara bort sessioner som redan gått ut."),
    ),
    Job(
        "axes_reset_failure_logs",
        Daily(NIGHTLY),
        (Step("axes_reset_failure_logs", ("--age", "90")),),
        _("Tar bort misslyckade inloggningar äldre än 90 dagar."),
        _("Tar bara bort det som är äldre än 90 dagar; en andra körning hittar inget."),
    ),
    Job(
        "purge_drafts",
        Daily(NIGHTLY),
        (Step("purge_drafts"),),
        _(
            "Tar bort påbörjade beställningar som legat orörda i DRAFT_RETENTION_DAYS dagar."
        ),
        _(
            "Tar bara bort utkast som legat orörda så länge; en andra körning hittar inga."
        ),
    ),
    Job(
        "replenish_stores",
        Daily(MORNING),
        (Step("replenish_stores"),),
        _("Beställer påfyllnad av de lokala förråden (402, 602) från huvudlagret 500."),
        _(
            "Räknar med påfyllnad som redan är på väg: en andra körning samma dag beställer inget."
        ),
    ),
    Job(
        "invoice_month",
        Monthly(1, MORNING),
        (Step("invoice_month", months_to_invoice), Step("render_invoice_pdfs")),
        _(
            "Fakturerar förra månaden (och rättar tidigare månader), och tar sedan fram fakturornas PDF:er."
        ),
        _(
            "En månad som redan är fakturerad får inget nytt när inget ändrats, och en PDF görs bara en gång."
        ),
    ),
    Job(
        "render_invoice_pdfs",
        Daily(time(5, 30)),
        (Step("render_invoice_pdfs"),),
        _("Tar fram PDF:er som saknas för utfärdade fakturor."),
        _("Tar bara fram PDF:er som saknas; en andra körning gör ingenting."),
    ),
)


def jobs_by_name():
    return {job.name: job for job in JOBS}

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduling.jobs import JOBS, jobs_by_name
from scheduling.services import Result, job_rows, next_due, run_due, run_now

REPORTS = {
    Result.OK: "{job}: klart.",
    Result.FAILED: "{job}: MISSLYCKADES.",
    Result.LOCKED: "{job}: körs redan på en annan server, hoppar över.",
    Result.NOT_DUE: "{job}: kördes nyss på en annan server, hoppar över.",
}


def local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "aldrig"


class Command(BaseCommand):
    help = (
        "Kör de schemalagda jobb som är på tur (scheduling.jobs), vart och "
        "ett under ett eget lås så att flera servrar som kör samtidigt kör "
        "det en gång. Anropas av en timer var femte minut."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            help="Visa jobben, senaste lyckade körning och när de är på tur.",
        )
        parser.add_argument(
            "--job", metavar="NAMN", help="Kör det här jobbet nu, på tur eller inte."
        )

    def handle(self, *args, list=False, job=None, **options):
        if list:
            self.list_jobs()
            return
        if job is None:
            results = run_due(out=self.stdout)
            failed = [ran for ran, result in results if result == Result.FAILED]
        else:
            forced = self.named(job)
            results = [(forced, run_now(forced, out=self.stdout))]
            failed = [ran for ran, result in results if result != Result.OK]
        for ran, result in results:
            self.stdout.write(REPORTS[result].format(job=ran.name))
        if failed:
            names = ", ".join(ran.name for ran in failed)
            raise CommandError(f"Kördes inte klart: {names}.")

    def named(self, name):
        try:
            return jobs_by_name()[name]
        except KeyError:
            names = ", ".join(jobs_by_name())
            raise CommandError(f"Inget jobb heter {name!r}. Jobben: {names}.") from None

    def list_jobs(self):
        rows, now = job_rows(), timezone.now()
        for scheduled in JOBS:
            row = rows.get(scheduled.name)
            due = next_due(scheduled, row, now)
            self.stdout.write(
                f"{scheduled.name}: {scheduled.schedule}; "
                f"senast lyckad {local(row and row.last_ok)}; "
                f"på tur {'nu' if due <= now else local(due)}."
            )

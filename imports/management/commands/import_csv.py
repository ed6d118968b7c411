"""python manage.py import_csv KIND FILE [--dry-run] – see DATA-FORMATS.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.registry import importers
from imports.rows import error_count_message
from imports.run import run_import


class Command(BaseCommand):
    help = "Importera en CSV-fil (UTF-8, semikolon) av en viss typ: allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(importers()))
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollera bara, ändra inget."
        )

    def handle(self, kind, file, dry_run, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        report = run_import(kind, file, data, dry_run=dry_run)
        if report.errors:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(error_count_message(len(report.errors)))
        summary = report.summary()
        if dry_run:
            summary = _("endast kontroll, inget sparat: %(summary)s") % {
                "summary": summary
            }
        self.stdout.write(f"{file}: {summary}")

from django.core.management.base import BaseCommand, CommandError

from invoicing.pdf_files import render_missing


class Command(BaseCommand):
    help = (
        "Tar fram och sparar PDF:en för varje utfärdad faktura som saknar "
        "en, äldst först. Kör efter invoice_month; två körningar samtidigt "
        "gör varje PDF en gång."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, help="Högst så många fakturor i den här körningen."
        )

    def handle(self, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit ska vara minst 1.")
        result = render_missing(limit)
        self.stdout.write(
            f"{result.rendered} PDF:er sparade ({result.lines} rader) på "
            f"{result.seconds:.1f} s, {result.skipped} togs fram av en annan "
            f"körning, {len(result.errors)} misslyckades."
        )
        if result.errors:
            raise CommandError("PDF:en misslyckades: " + "; ".join(result.errors))

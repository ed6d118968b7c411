from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invoicing.services import inconsistent_invoices, invoice_month


def parse_month(value):
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"Ange månaden som ÅÅÅÅ-MM, inte {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Fakturerar månader: en faktura per betalare och månad, rättelser "
        "för en månad som redan är fakturerad."
    )

    def add_arguments(self, parser):
        # Several months: the monthly job also runs the months before, which
        # corrects changes dated back into them (and adds nothing otherwise).
        parser.add_argument("months", nargs="+", type=parse_month, help="ÅÅÅÅ-MM")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Räkna och rapportera utan att skapa fakturor.",
        )

    def handle(self, months, dry_run, **options):
        # Rent is charged for days held: a month is invoiced once it is over.
        this_month = timezone.localdate().replace(day=1)
        for month in months:
            if month >= this_month:
                raise CommandError(f"{month:%Y-%m} är inte slut än.")
        errors = []
        for month in sorted(set(months)):
            result = invoice_month(month, dry_run=dry_run)
            prefix = "Provkörning: " if dry_run else ""
            self.stdout.write(
                f"{prefix}{result.month:%Y-%m}: {result.invoices} fakturor, "
                f"{result.corrections} rättelsefakturor, {result.lines} rader, "
                f"{result.total_excl_vat} kr exkl. moms, {result.total_vat} kr moms, "
                f"{result.unchanged} betalare oförändrade, "
                f"{result.without_payer} rader utan betalare."
            )
            errors += result.errors
            if not dry_run:
                errors += inconsistent_invoices(month)
        if errors:
            raise CommandError("Summorna stämmer inte: " + "; ".join(errors))

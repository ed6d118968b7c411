from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invoicing.changes import correct_earlier_months
from invoicing.services import inconsistent_invoices, invoice_month


def parse_month(value):
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"Ange månaden som ÅÅÅÅ-MM, inte {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Fakturerar en månad: en faktura per betalare, och rättelsefakturor "
        "för ändringar bakåt i tiden i redan fakturerade månader (högst "
        "INVOICE_CORRECTION_MONTHS tillbaka)."
    )

    def add_arguments(self, parser):
        # A month named again is compared in full, not only where the audit
        # trail shows changes (invoicing.changes).
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
        months = sorted(set(months))
        prefix = "Provkörning: " if dry_run else ""
        earlier = correct_earlier_months(months[-1], dry_run=dry_run, skip=months)
        results = earlier + [invoice_month(month, dry_run=dry_run) for month in months]
        errors = []
        for result in sorted(results, key=lambda result: result.month):
            self.stdout.write(
                f"{prefix}{result.month:%Y-%m}: {result.invoices} fakturor, "
                f"{result.corrections} rättelsefakturor, {result.lines} rader, "
                f"{result.total_excl_vat} kr exkl. moms, {result.total_vat} kr moms, "
                f"{result.unchanged} betalare oförändrade, "
                f"{result.without_payer} rader utan betalare."
            )
            errors += result.errors
            if not dry_run:
                errors += inconsistent_invoices(result.month)
        corrected = [
            f"{result.month:%Y-%m}"
            for result in earlier
            if result.invoices or result.corrections
        ]
        self.stdout.write(
            f"{prefix}Rättade tidigare månader "
            f"(högst {settings.INVOICE_CORRECTION_MONTHS} tillbaka): "
            + (", ".join(corrected) or "inga")
            + "."
        )
        if errors:
            raise CommandError("Summorna stämmer inte: " + "; ".join(errors))

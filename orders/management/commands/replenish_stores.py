from django.core.management.base import BaseCommand

from orders.services import replenish_stores


class Command(BaseCommand):
    help = (
        "Order from the main warehouse what each local store lacks of its "
        "safety stock (run daily; a second run the same day orders nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be ordered, and order nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        for run in replenish_stores(dry_run=dry_run):
            store = f"{run.store.code} {run.store.name}"
            if not run.shortfalls:
                self.stdout.write(f"{store}: nothing to order.")
                continue
            if run.order is None:
                self.stdout.write(f"{store}: would order")
            else:
                self.stdout.write(f"{store}: order {run.order.number}")
            for article, quantity in run.shortfalls:
                self.stdout.write(f"  {article.article_no} {article.name}: {quantity}")

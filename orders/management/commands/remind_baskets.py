from django.core.management.base import BaseCommand

from orders.services import remind_overdue_baskets


class Command(BaseCommand):
    help = (
        "Remind prescribers of open basket loans past their due date: once when "
        "it passes, then weekly while open (safe to run hourly)."
    )

    def handle(self, *args, **options):
        count = remind_overdue_baskets()
        self.stdout.write(f"{count} overdue basket(s) reminded.")

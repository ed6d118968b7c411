from django.conf import settings
from django.core.management.base import BaseCommand

from orders.services import purge_abandoned_drafts


class Command(BaseCommand):
    help = "Remove order drafts untouched for DRAFT_RETENTION_DAYS days (run daily)."

    def handle(self, *args, **options):
        days = settings.DRAFT_RETENTION_DAYS
        count = purge_abandoned_drafts(days)
        self.stdout.write(f"{count} draft(s) removed after {days} days unchanged.")

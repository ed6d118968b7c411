from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import deactivate_inactive_users


class Command(BaseCommand):
    help = "Deactivate accounts with no login for INACTIVE_USER_DAYS days (run daily)."

    def handle(self, *args, **options):
        count = deactivate_inactive_users()
        self.stdout.write(
            f"{count} account(s) deactivated after {settings.INACTIVE_USER_DAYS} days without login."
        )

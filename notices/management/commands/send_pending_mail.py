from django.core.management.base import BaseCommand

from notices.services import send_pending_mail


class Command(BaseCommand):
    help = (
        "Send the notification e-mails not yet sent (a mail server refused "
        "them). Idempotent; run every few minutes."
    )

    def handle(self, *args, **options):
        sent, unsent = send_pending_mail()
        self.stdout.write(f"{sent} mail(s) sent, {unsent} still unsent.")

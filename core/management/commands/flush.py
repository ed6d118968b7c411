from django.core.management.commands import flush

from core.dbroles import as_owner


class Command(flush.Command):
    """Django's flush, connected as the owner role of MIGRATE_DATABASE_URL:
    the app role may not empty the access log. The tests flush this way
    after each transactional test."""

    def handle(self, **options):
        with as_owner(options["database"]):
            super().handle(**options)

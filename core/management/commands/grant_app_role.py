from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.dbroles import app_role, as_owner, grant_app_role, grant_statements


class Command(BaseCommand):
    help = (
        "Grant the role of DATABASE_URL its privileges, as the owner role of "
        "MIGRATE_DATABASE_URL: DML on the tables, only SELECT and INSERT on the "
        "access log and the audit tables, no TRUNCATE. migrate does this itself; "
        "run it after restoring a dump. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sql", action="store_true", help="Print the statements, run nothing."
        )

    def handle(self, *args, **options):
        if settings.MIGRATE_DATABASE is None:
            raise CommandError("Set MIGRATE_DATABASE_URL to the owner role's URL.")
        with as_owner():
            role = app_role(connection)
            if role is None:
                raise CommandError(
                    "DATABASE_URL and MIGRATE_DATABASE_URL name the same role."
                )
            if options["sql"]:
                for statement in grant_statements(connection, role):
                    self.stdout.write(f"{statement};")
                return
            grant_app_role()
        self.stdout.write(f"Privileges granted to the app role {role}.")

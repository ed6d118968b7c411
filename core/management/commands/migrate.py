from django.core.management.commands import migrate

from core.dbroles import as_owner, grant_app_role


class Command(migrate.Command):
    """Django's migrate, connected as the owner role of MIGRATE_DATABASE_URL
    (core/dbroles.py), which then grants the app role its privileges on
    the tables as they now are."""

    help = migrate.Command.help + (
        " As the role of MIGRATE_DATABASE_URL when set, which then grants the"
        " role of DATABASE_URL its privileges."
    )

    def handle(self, *args, **options):
        with as_owner(options["database"]):
            super().handle(*args, **options)
            role = grant_app_role(options["database"])
        if role and options["verbosity"]:
            self.stdout.write(f"Privileges granted to the app role {role}.")

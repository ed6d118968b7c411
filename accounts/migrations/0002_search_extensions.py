from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive and fuzzy search (articles, persons) needs these."""

    dependencies = [("accounts", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]

"""generate_data's ANALYZE, apart from test_generate_data: it needs its rows
committed (a transactional test), and there the module's seed_demo
transaction would hold the locks the flush after it waits for."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_the_tables_written_get_statistics_as_the_owner_role(settings):
    out = StringIO()
    call_command("generate_data", "--persons", "5", stdout=out)

    owner = settings.MIGRATE_DATABASE["USER"]
    assert f"ANALYZE as {owner}, the owner role: 2 tables" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        )
        analyzed = {name for (name,) in cursor.fetchall()}
    assert {"aids_person", "aids_personevent"} <= analyzed

from django.db import connection

from accounts.models import Customer
from tests.factories import CustomerFactory


def test_names_sort_the_swedish_way(db):
    for name in ["Öberg", "Åberg", "Ärlig", "Zetterberg", "Andersson"]:
        CustomerFactory(name=name)

    names = list(Customer.objects.order_by("name").values_list("name", flat=True))

    assert names == ["Andersson", "Zetterberg", "Åberg", "Ärlig", "Öberg"]


def test_the_search_extensions_are_installed(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}

    assert {"pg_trgm", "unaccent"} <= extensions


def test_the_apps_queries_do_not_start_parallel_workers(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_the_apps_queries_are_not_compiled(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

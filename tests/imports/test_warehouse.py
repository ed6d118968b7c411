"""Import of counted stock balances, through the stock service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement

from .helpers import counts, import_csv, import_fails

pytestmark = pytest.mark.django_db

HEADER = "warehouse;article_no;on_hand;safety_stock"


@pytest.fixture
def articles(db):
    return ArticleFactory(article_no="100001"), ArticleFactory(article_no="100002")


def test_it_sets_the_counted_balances_with_a_ledger_row(csv_file, articles):
    StockBalanceFactory(article=articles[0], on_hand=3)
    path = csv_file([HEADER, "500;100001;7;2", "402;100001;1;0", "602;100002;0;0"])

    out = import_csv("stock", path)

    assert out.endswith(": 2 skapade, 1 ändrade, 0 oförändrade\n")
    assert set(
        StockBalance.objects.values_list(
            "warehouse__code", "article__article_no", "on_hand", "safety_stock"
        )
    ) == {("500", "100001", 7, 2), ("402", "100001", 1, 0), ("602", "100002", 0, 0)}
    movement = StockMovement.objects.get(balance__warehouse__code="500")
    assert (movement.kind, movement.on_hand_change) == (MovementKind.COUNT, 4)
    assert movement.reason == f"Import {path}"


def test_a_second_import_of_the_same_counts_changes_nothing_in_a_few_queries(
    csv_file, django_assert_max_num_queries
):
    articles = ArticleFactory.create_batch(20)
    path = csv_file([HEADER] + [f"500;{a.article_no};7;2" for a in articles])
    import_csv("stock", path)
    before = counts()

    with django_assert_max_num_queries(8):
        out = import_csv("stock", path)

    assert out.endswith(": 0 skapade, 0 ändrade, 20 oförändrade\n")
    assert counts() == before


def test_a_changed_safety_stock_alone_is_a_change(csv_file, articles):
    StockBalanceFactory(article=articles[0], on_hand=7, safety_stock=1)

    out = import_csv("stock", csv_file([HEADER, "500;100001;7;2"]))

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert StockBalance.objects.get().safety_stock == 2


def test_a_dry_run_changes_no_balance(csv_file, articles):
    balance = StockBalanceFactory(article=articles[0], on_hand=3)

    out = import_csv("stock", csv_file([HEADER, "500;100001;7;2"]), "--dry-run")

    assert "0 skapade, 1 ändrade" in out
    balance.refresh_from_db()
    assert balance.on_hand == 3
    assert not StockMovement.objects.exists()


def test_bad_stock_rows_are_reported(csv_file, articles):
    StockBalanceFactory(article=articles[0], on_hand=3)
    path = csv_file(
        [
            HEADER,
            "501;100001;1;0",
            "500;999999;1;0",
            "500;100002;tre;0",
            "402;100002;-1;-2",
            "602;100002;;0",
            "500;100001;5;0",
            "500;100001;6;0",
        ]
    )

    assert import_fails("stock", path) == [
        f"{path}:2: warehouse: okänt lager 501",
        f"{path}:3: article_no: okänd artikel 999999",
        f"{path}:4: on_hand: tre är inte ett heltal",
        f"{path}:5: on_hand: -1 är mindre än 0",
        f"{path}:5: safety_stock: -2 är mindre än 0",
        f"{path}:6: on_hand: värde saknas",
        f"{path}:8: article_no: 500 100001 finns redan på rad 7",
    ]
    assert StockBalance.objects.get().on_hand == 3


@pytest.mark.parametrize("on_hand", [7, 8], ids=["first load", "changed counts"])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(csv_file, on_hand):
    articles = ArticleFactory.create_batch(200)
    for article in articles[:10] + articles[100:] if on_hand == 8 else []:
        StockBalanceFactory(article=article, on_hand=7)

    def load(rows):
        path = csv_file(
            [HEADER] + [f"500;{a.article_no};{on_hand};2" for a in rows],
            name=f"{len(rows)}.csv",
        )
        with CaptureQueriesContext(connection) as queries:
            import_csv("stock", path)
        return len(queries)

    assert load(articles[:10]) == load(articles[100:])
    assert StockMovement.objects.count() == 10 + 100

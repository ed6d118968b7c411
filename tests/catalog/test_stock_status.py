import pytest

from catalog.models import Article
from tests.factories import ArticleFactory, StockBalanceFactory
from warehouse.choices import StockLevel
from warehouse.models import Warehouse
from warehouse.status import stock_by_warehouse, stock_status, with_stock


@pytest.mark.parametrize(
    ("available", "safety_stock", "level"),
    [
        (3, 2, StockLevel.IN_STOCK),
        (1, 0, StockLevel.IN_STOCK),
        (2, 2, StockLevel.FEW_LEFT),
        (1, 2, StockLevel.FEW_LEFT),
        (0, 2, StockLevel.OUT_OF_STOCK),
        (0, 0, StockLevel.OUT_OF_STOCK),
    ],
)
def test_the_level_follows_available_and_safety_stock(available, safety_stock, level):
    assert stock_status(available, safety_stock).level == level


def test_each_level_has_its_text():
    assert stock_status(5, 1, 7).text == "I lager"
    assert stock_status(1, 1, 7).text == "Få kvar"
    assert (
        stock_status(0, 1, 7).text
        == "Slut i lager – levereras från leverantör, leveranstid 7 arbetsdagar"
    )
    assert (
        stock_status(0, 1, 1).text
        == "Slut i lager – levereras från leverantör, leveranstid 1 arbetsdag"
    )


def test_without_a_known_lead_time_the_text_leaves_it_out():
    assert stock_status(0, 1, 0).text == "Slut i lager – levereras från leverantör"


def test_a_local_store_out_of_stock_does_not_promise_the_supplier():
    assert stock_status(0, 1).text == "Slut i lager"


def test_with_stock_annotates_available_and_safety_stock_in_one_query(
    db, django_assert_num_queries
):
    balance = StockBalanceFactory(on_hand=10, reserved=3, safety_stock=4)
    never_held = ArticleFactory()
    local = Warehouse.objects.get(code="402")
    StockBalanceFactory(warehouse=local, article=never_held, on_hand=9)

    with django_assert_num_queries(1):
        articles = {a.pk: a for a in with_stock(Article.objects.all())}

    assert articles[balance.article.pk].stock_available == 7
    assert articles[balance.article.pk].stock_safety == 4
    # Only the main warehouse counts; no row there is nothing available.
    assert articles[never_held.pk].stock_available == 0
    assert articles[never_held.pk].stock_safety == 0


def test_stock_by_warehouse_lists_every_warehouse_main_first_in_one_query(
    db, django_assert_num_queries
):
    article = ArticleFactory(lead_time_days=5)
    StockBalanceFactory(article=article, on_hand=0)
    StockBalanceFactory(
        article=article,
        warehouse=Warehouse.objects.get(code="402"),
        on_hand=1,
        safety_stock=2,
    )

    with django_assert_num_queries(1):
        rows = [(w.code, s.text) for w, s in stock_by_warehouse(article)]

    assert rows == [
        ("500", "Slut i lager – levereras från leverantör, leveranstid 5 arbetsdagar"),
        ("402", "Få kvar"),
        ("602", "Slut i lager"),
    ]

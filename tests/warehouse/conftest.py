import pytest

from tests.factories import ArticleFactory
from warehouse.models import MAIN_WAREHOUSE, Warehouse


@pytest.fixture
def main_warehouse(db):
    return Warehouse.objects.get(code=MAIN_WAREHOUSE)


@pytest.fixture
def article(db):
    return ArticleFactory()

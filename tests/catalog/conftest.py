import pytest

from catalog.models import Supplier
from tests.factories import ArticleFactory, IsoClassFactory


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(name="Invacare AB")


@pytest.fixture
def rollator(supplier):
    return ArticleFactory(
        article_no="17940",
        name="Rollator, 4-hjulig, Cross 6",
        supplier=supplier,
        supplier_article_no="1560102",
        product_name="Cross",
        iso_class=IsoClassFactory(code="120606", title="Rollatorer"),
        lead_time_days=10,
    )

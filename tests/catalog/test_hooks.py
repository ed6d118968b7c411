"""The catalogue shows stock, the current draft and Begär artikeln through
hooks the warehouse, orders and outside_assortment apps fill when Django
starts (catalog.hooks), so it imports none of them."""

from dataclasses import fields

from catalog.hooks import hooks
from orders.views.common import current_draft
from outside_assortment.views import request_url
from warehouse.status import article_status, stock_by_warehouse, with_stock


def test_every_hook_is_filled_by_the_app_that_knows():
    assert {field.name: getattr(hooks, field.name) for field in fields(hooks)} == {
        "with_stock": with_stock,
        "stock_status": article_status,
        "stock_by_warehouse": stock_by_warehouse,
        "current_draft": current_draft,
        "outside_request_url": request_url,
    }

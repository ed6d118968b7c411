from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

WAREHOUSES = [
    ("500", "HMV huvudlager"),
    ("402", "NUS Umeå"),
    ("602", "Lycksele lasarett"),
]


def create_warehouses(using, apps=global_apps, **kwargs):
    """Migration 0002 creates the warehouses once, but `flush` (run after
    every transactional test) empties the tables without rerunning data
    migrations; like content types, they are recreated after it."""
    try:
        Warehouse = apps.get_model("warehouse", "Warehouse")
    except LookupError:  # migrated back to before the model existed
        return
    for code, name in WAREHOUSES:
        Warehouse.objects.using(using).get_or_create(code=code, defaults={"name": name})


class WarehouseConfig(AppConfig):
    name = "warehouse"
    verbose_name = _("Lager")

    def ready(self):
        from catalog.hooks import hooks

        from .status import article_status, stock_by_warehouse, with_stock

        post_migrate.connect(create_warehouses, sender=self)
        # The catalogue's pages show the stock (catalog.hooks).
        hooks.with_stock = with_stock
        hooks.stock_status = article_status
        hooks.stock_by_warehouse = stock_by_warehouse

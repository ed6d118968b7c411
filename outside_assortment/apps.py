from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutsideAssortmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outside_assortment"
    verbose_name = _("Artiklar utanför sortimentet")

    def ready(self):
        from catalog.hooks import hooks as catalog_hooks

        from .views import request_url

        # Sök artikel's outside-assortment hits offer Begär artikeln.
        catalog_hooks.outside_request_url = request_url

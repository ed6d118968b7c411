from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = _("Kundorder")

    def ready(self):
        from catalog.hooks import hooks

        from .views.common import current_draft

        # Sök artikel offers Beställ to the user's current draft (catalog.hooks).
        hooks.current_draft = current_draft

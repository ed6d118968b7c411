from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = _("Kundorder")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from aids.hooks import hooks as aids_hooks
        from catalog.hooks import hooks as catalog_hooks

        from .views.common import current_draft, remember_local_stores

        # The menu's Varukorg, for a user whose customers have a local store.
        user_logged_in.connect(remember_local_stores, dispatch_uid="local_stores")

        # Sök artikel offers Beställ to the user's current draft (catalog.hooks).
        catalog_hooks.current_draft = current_draft
        # An order makes a care relationship once executed (a draft has no
        # number): a draft is one prescriber's unfinished work, not yet the
        # customer's order, and anyone may start one.
        aids_hooks.care_relations.append(("orders", {"orders__number__isnull": False}))

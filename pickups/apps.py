from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pickups"
    verbose_name = _("Hämtorder")

    def ready(self):
        from aids.hooks import hooks

        from .models import with_open_pickup

        # A pickup order makes a care relationship, and the aids pages show
        # each aid's open pickup (aids.hooks).
        hooks.care_relations.append(("pickups", {}))
        hooks.with_open_pickup = with_open_pickup

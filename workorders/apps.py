from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workorders"
    verbose_name = _("Arbetsorder")

    def ready(self):
        from aids.hooks import hooks

        # A work order makes a care relationship (aids.hooks).
        hooks.care_relations.append(("work_orders", {}))

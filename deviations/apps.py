from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deviations"
    verbose_name = _("Avvikelser")

    def ready(self):
        from aids.hooks import hooks

        # A deviation about a patient's aid makes a care relationship, as a
        # work order does (aids.hooks).
        hooks.care_relations.append(("deviations", {}))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pickups"
    verbose_name = _("Hämtorder")

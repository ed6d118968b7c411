from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access_requests"
    verbose_name = _("Ansökningar om behörighet")

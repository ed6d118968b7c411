from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidsConfig(AppConfig):
    name = "aids"
    verbose_name = _("Mottagare och hjälpmedel")

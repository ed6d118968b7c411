from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och kunder")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401
        from .permissions import name_permissions_in_swedish

        post_migrate.connect(name_permissions_in_swedish)

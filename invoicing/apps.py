from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = _("Fakturering")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .views import remember_payers

        # The menu's E-faktura, for a user authorised for a payer.
        user_logged_in.connect(remember_payers, dispatch_uid="payers")

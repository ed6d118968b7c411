from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Väntar på chefens beslut")
    APPROVED = "approved", _("Godkänd av chef")
    REJECTED = "rejected", _("Avslagen av chef")
    ACCOUNT_CREATED = "created", _("Konto skapat")

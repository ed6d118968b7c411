from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferKind(models.TextChoices):
    """What a BMB does to the ticked aids (the manual's a and b, and a new
    prescriber)."""

    PAYER = "payer", _("Byta betalare")
    TAKE_BACK = "take_back", _("Återta till eget förråd")
    HAND_OUT = "hand_out", _("Lämna ut från eget förråd till patient")
    PRESCRIBER = "prescriber", _("Byta förskrivare")


# What each kind of recipient page offers: a patient's aids go to a store,
# a store's (care unit's) aids go out to a patient.
PATIENT_KINDS = [TransferKind.PAYER, TransferKind.TAKE_BACK, TransferKind.PRESCRIBER]
CARE_UNIT_KINDS = [TransferKind.PAYER, TransferKind.HAND_OUT, TransferKind.PRESCRIBER]

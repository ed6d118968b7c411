"""Confirmed care relationships (aids.care)."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..choices import CareReason


def session_digest(session_key):
    """What a confirmation keeps of the session it was given in: a keyed
    hash, so the table never holds a usable session key."""
    return salted_hmac("aids.care", session_key, algorithm="sha256").hexdigest()


class CareConfirmation(models.Model):
    """A user's confirmation of a care relationship with a patient none of
    their customers has an order, aid, pickup or work order with. It opens
    the patient's pages for the session it was given in (a new login asks
    again) and stays for customer service's review. Append-only: the
    database refuses UPDATE and DELETE."""

    at = models.DateTimeField(_("tid"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="care_confirmations",
        verbose_name=_("användare"),
    )
    person = models.ForeignKey(
        "aids.Person",
        on_delete=models.PROTECT,
        related_name="care_confirmations",
        verbose_name=_("patient"),
    )
    reason = models.CharField(_("skäl"), max_length=20, choices=CareReason.choices)
    note = models.CharField(_("beskrivning"), max_length=200, blank=True)
    # session_digest() of the session's key.
    session = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("bekräftad vårdrelation")
        verbose_name_plural = _("bekräftade vårdrelationer")
        indexes = [
            models.Index(
                fields=["user", "person", "session"], name="care_confirmation_session"
            ),
            models.Index(fields=["-at"], name="care_confirmation_at"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_reason_display()}"

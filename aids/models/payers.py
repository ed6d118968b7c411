"""Who pays for a held aid, from when to when: invoicing charges rent per
payer and period, so a change of payer (a BMB) closes one period and opens
the next instead of overwriting Holding.payer's past."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Payer
from core.audit import audited

from .holdings import Holding


class HoldingPayerQuerySet(models.QuerySet):
    def on(self, day):
        """The periods that cover `day`: valid_from <= day < valid_to."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day
        )


@audited()
class HoldingPayer(models.Model):
    """One period of a holding's payer, [valid_from, valid_to): the last one
    is open (valid_to empty) and names Holding.payer. A holding whose payer
    never changed has no periods; its payer is Holding.payer throughout
    (payer_on)."""

    holding = models.ForeignKey(
        Holding,
        on_delete=models.CASCADE,
        related_name="payer_periods",
        verbose_name=_("innehav"),
    )
    # Empty: the patient pays (egenavgift), which payers' invoices leave out.
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betalare"),
    )
    valid_from = models.DateField(_("från och med"))
    valid_to = models.DateField(_("till"), null=True, blank=True)

    objects = HoldingPayerQuerySet.as_manager()

    class Meta:
        ordering = ["holding", "valid_from"]
        verbose_name = _("betalarperiod")
        verbose_name_plural = _("betalarperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="holding_payer_period_not_empty",
            ),
            models.UniqueConstraint(
                fields=["holding"],
                condition=Q(valid_to__isnull=True),
                name="one_open_payer_period",
            ),
            models.UniqueConstraint(
                fields=["holding", "valid_from"], name="holding_payer_period_start"
            ),
        ]

    def __str__(self):
        end = self.valid_to or ""
        return f"{self.payer or _('Brukaren')} {self.valid_from}–{end}"


def payer_on(holding, day):
    """The Payer of `holding` on `day` (None when the patient pays then).
    Before its first period, the first period's payer began with the
    holding, so that one is used."""
    periods = list(holding.payer_periods.order_by("valid_from"))
    if not periods:
        return holding.payer
    for period in reversed(periods):
        if period.valid_from <= day:
            return period.payer
    return periods[0].payer

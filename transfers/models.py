import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer
from aids.models import Holding, Person
from core.audit import audited
from core.models import CustomerScopedQuerySet

from .choices import TransferKind


class TransferCounter(models.Model):
    """The last BMB serial of one ISO week (YYWW): BMBs have their own
    series (core.numbering), apart from the orders'."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("nummerserie för BMB")
        verbose_name_plural = _("nummerserier för BMB")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"


class TransferQuerySet(CustomerScopedQuerySet):
    def visible_condition(self, user):
        """The BMB's customer's prescribers, and for a change of payer also
        those of the customers that the old or the new payer pays for: both
        sides see it."""
        customers = user.authorisations.values("customer_id")
        payers = Customer.objects.filter(pk__in=customers).values("default_payer_id")
        return (
            super().visible_condition(user)
            | Q(new_payer_id__in=payers)
            | Exists(
                TransferLine.objects.filter(
                    transfer=OuterRef("pk"), old_payer_id__in=payers
                )
            )
        )


@audited()
class Transfer(models.Model):
    """A BMB (byta mottagare/betalare): one change made to one or more of a
    recipient's aids at once. Never edited: customer service undoes one with
    a new BMB that `reverses` it. The id is the token of the form that made
    it, so a repeated Verkställ finds it instead of making a second one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("BMB-nummer"), max_length=9, unique=True)
    kind = models.CharField(_("åtgärd"), max_length=10, choices=TransferKind.choices)
    valid_from = models.DateField(_("gäller från"))
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("registrerad av"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("kund"),
    )
    # The recipient the aids came from and the one they went to (the same
    # for a change of payer or prescriber): a patient or a care unit's store.
    from_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_from",
        verbose_name=_("från patient"),
    )
    from_care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_from",
        verbose_name=_("från vårdenhet"),
    )
    to_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_to",
        verbose_name=_("till patient"),
    )
    to_care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_to",
        verbose_name=_("till vårdenhet"),
    )
    new_payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("ny betalare"),
    )
    new_prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ny förskrivare"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("återställer"),
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("BMB")
        verbose_name_plural = _("BMB")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_person__isnull=True) | Q(from_care_unit__isnull=True),
                name="transfer_one_source",
            ),
            models.CheckConstraint(
                condition=Q(to_person__isnull=True) | Q(to_care_unit__isnull=True),
                name="transfer_one_destination",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="transfer_customer"),
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="transfer_number_prefix",
            ),
        ]

    def __str__(self):
        return _("BMB %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("transfer_detail", args=[self.pk])

    @property
    def persons(self):
        """The patients the BMB concerns (for the access log)."""
        persons = [self.from_person, self.to_person]
        return list(dict.fromkeys(p for p in persons if p is not None))


@audited()
class TransferLine(models.Model):
    """One aid of a BMB, with what the holding was before and became after:
    the receipt shows it, and a reversal puts the before back."""

    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("BMB"),
    )
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        related_name="transfer_lines",
        verbose_name=_("hjälpmedel"),
    )
    # A move closes the holding (returned) and opens this one at the new
    # recipient: each recipient's list keeps what it had, and when.
    new_holding = models.OneToOneField(
        Holding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="made_by_transfer",
        verbose_name=_("nytt innehav"),
    )
    old_payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tidigare betalare"),
    )
    old_patient_pays = models.BooleanField(_("brukaren betalade"), default=False)
    old_prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tidigare förskrivare"),
    )
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betalare efter"),
    )
    patient_pays = models.BooleanField(_("brukaren betalar efter"), default=False)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förskrivare efter"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("BMB-rad")
        verbose_name_plural = _("BMB-rader")
        constraints = [
            models.UniqueConstraint(
                fields=["transfer", "holding"], name="transfer_holding_once"
            )
        ]

    def __str__(self):
        return str(self.holding)

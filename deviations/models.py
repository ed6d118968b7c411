import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.models import Holding, Individual, Person
from aids.recipients import Recipient
from catalog.models import Article
from core.attachments import Attachment, stored_name
from core.audit import audited
from core.models import CustomerScopedQuerySet
from orders.models import OrderLine

from .choices import DeviationCategory, DeviationStatus


class DeviationCounter(models.Model):
    """The last serial of one ISO week (YYWW) of deviations: their own
    series, A and YYWW (core.numbering)."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("nummerserie, avvikelser")
        verbose_name_plural = _("nummerserier, avvikelser")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"


class DeviationQuerySet(CustomerScopedQuerySet):
    def visible_condition(self, user):
        """The reporter's own, and every deviation of the user's customers."""
        return Q(prescriber=user) | super().visible_condition(user)


@audited()
class Deviation(models.Model):
    """An avvikelse or reklamation (F-21): something wrong with a delivered
    aid, a delivery or an article, reported by a prescriber and handled by
    customer service. The article is always known; the aid (holding), its
    individual, the order line and the recipient when it came from one of
    them. Its id is the token of the form that registered it, so a repeated
    Verkställ finds it instead of making another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("avvikelsenummer"), max_length=9, unique=True)
    category = models.CharField(
        _("kategori"), max_length=20, choices=DeviationCategory.choices
    )
    injury = models.BooleanField(
        _("skada på person"),
        help_text=_("Ja gör avvikelsen till ett tillbud."),
    )
    description = models.TextField(_("beskrivning"))
    occurred_on = models.DateField(_("händelsedatum"))
    status = models.CharField(
        _("status"),
        max_length=13,
        choices=DeviationStatus.choices,
        default=DeviationStatus.REGISTERED,
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="deviations",
        verbose_name=_("rapporterad av"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="deviations",
        verbose_name=_("kund"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="deviations",
        verbose_name=_("artikel"),
    )
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("innehav"),
    )
    individual = models.ForeignKey(
        Individual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("individ"),
    )
    order_line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("orderrad"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("patient"),
    )
    care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_deviations",
        verbose_name=_("vårdenhet"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_deviations",
        limit_choices_to={"is_staff": True},
        verbose_name=_("handläggare"),
    )
    answer = models.TextField(_("svar från kundtjänst"), blank=True)
    supplier_reference = models.CharField(
        _("leverantörens reklamationsnummer"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    finished_at = models.DateTimeField(_("åtgärdad/avslutad"), null=True, blank=True)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        constraints = [
            # A deviation about an article alone has no recipient.
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(care_unit__isnull=True),
                name="deviation_one_recipient_at_most",
            ),
        ]
        indexes = [
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="deviation_number_prefix",
            ),
            models.Index(fields=["customer", "-created_at"], name="deviation_customer"),
            models.Index(
                fields=["prescriber", "-created_at"], name="deviation_prescriber"
            ),
            models.Index(fields=["status", "-created_at"], name="deviation_status"),
            # Statistics per article for a period.
            models.Index(fields=["created_at", "article"], name="deviation_period"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("deviation_detail", args=[self.pk])

    @property
    def recipient(self):
        """The patient or care unit, or None for an article alone."""
        if not (self.person_id or self.care_unit_id):
            return None
        return Recipient(person=self.person, care_unit=self.care_unit)

    @property
    def is_incident(self):
        """Skada på person makes the deviation a tillbud."""
        return self.injury


@audited()
class DeviationStatusChange(models.Model):
    """One step of a deviation's status history, the first its
    registration."""

    deviation = models.ForeignKey(
        Deviation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("avvikelse"),
    )
    status = models.CharField(
        _("status"), max_length=13, choices=DeviationStatus.choices
    )
    changed_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("av"),
    )

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusändring")
        verbose_name_plural = _("statushistorik")

    def __str__(self):
        return f"{timezone.localtime(self.changed_at):%Y-%m-%d %H:%M} {self.get_status_display()}"


def attachment_path(instance, filename):
    return stored_name("deviations", filename)


@audited()
class DeviationAttachment(Attachment):
    """A file on a deviation: a photo of the damage, a delivery note."""

    deviation = models.ForeignKey(
        Deviation,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("avvikelse"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)

    class Meta(Attachment.Meta):
        pass

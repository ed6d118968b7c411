"""Held aids, the individuals they are and their history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer
from catalog.models import Article
from core.audit import audited
from warehouse.models import Warehouse

from ..choices import HistoryKind, IndividualLocation
from .persons import Person, RecipientOwned


@audited()
class Individual(models.Model):
    """One physical unit of an individually marked (I-marked) article."""

    individual_no = models.CharField(_("individnummer"), max_length=30, unique=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="individuals",
        verbose_name=_("artikel"),
    )
    location = models.CharField(
        _("plats"),
        max_length=10,
        choices=IndividualLocation.choices,
        default=IndividualLocation.IN_WAREHOUSE,
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="individuals",
        verbose_name=_("lager"),
    )

    class Meta:
        ordering = ["individual_no"]
        verbose_name = _("individ")
        verbose_name_plural = _("individer")

    def __str__(self):
        return self.individual_no


@audited()
class IndividualHistory(models.Model):
    """The history of one individual, shown newest first."""

    # Not "events": pghistory's audit events of Individual use that name.
    individual = models.ForeignKey(
        Individual,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("individ"),
    )
    happened_on = models.DateField(_("datum"))
    kind = models.CharField(_("händelse"), max_length=10, choices=HistoryKind.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vårdenhet"),
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lager"),
    )
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("individhistorik")
        verbose_name_plural = _("individhistorik")
        indexes = [
            models.Index(
                fields=["individual", "-happened_on"], name="individual_history"
            )
        ]

    def __str__(self):
        return f"{self.happened_on} {self.get_kind_display()}"


@audited()
class Holding(RecipientOwned):
    """An aid a recipient has, has had, or has on order (innehav). The order
    issue creates rows for executed order lines (not yet delivered) and
    carries the ordination overview in the order fields."""

    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="holdings",
        verbose_name=_("artikel"),
    )
    individual = models.ForeignKey(
        Individual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holdings",
        verbose_name=_("individ"),
    )
    quantity = models.PositiveIntegerField(_("antal"), default=1)
    # The ordination: who ordered it, for whom and who pays.
    order_number = models.CharField(_("ordernummer"), max_length=12, blank=True)
    ordered_on = models.DateField(_("orderdatum"), null=True, blank=True)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ordered_holdings",
        verbose_name=_("kund"),
    )
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("betalare"),
    )
    # A patient fee (egenavgift) is paid by the patient, not a payer: the
    # invoicing of payers leaves such holdings out.
    patient_pays = models.BooleanField(_("brukaren betalar"), default=False)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescribed_holdings",
        verbose_name=_("förskrivare"),
    )
    delivered_on = models.DateField(_("leveransdatum"), null=True, blank=True)
    delivered_quantity = models.PositiveIntegerField(_("levererat antal"), default=0)
    returned_on = models.DateField(_("återlämnad"), null=True, blank=True)
    # Set from the date a report says the aid was lost (LostReport, Anmäld
    # or Bekräftad) and cleared when the report is rejected or the aid is
    # found. Invoicing charges no rent from this date while it is set.
    lost_on = models.DateField(
        _("anmäld borttappad från"), null=True, blank=True, editable=False
    )

    class Meta(RecipientOwned.Meta):
        ordering = ["-ordered_on", "-delivered_on", "-id"]
        verbose_name = _("innehav")
        verbose_name_plural = _("innehav")
        default_related_name = "holdings"
        constraints = [
            *RecipientOwned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="holding_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(patient_pays=False)
                | Q(person__isnull=False, payer__isnull=True),
                name="holding_patient_pays_alone",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "returned_on"], name="holding_person"),
            models.Index(fields=["care_unit", "returned_on"], name="holding_care_unit"),
            models.Index(fields=["order_number"], name="holding_order_number"),
        ]

    def __str__(self):
        return f"{self.article} × {self.quantity}"

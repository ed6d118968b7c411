import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.choices import AddressChoice
from aids.models import Holding, Individual, RecipientOwned
from catalog.models import Article
from core.attachments import Attachment, stored_name
from core.audit import audited
from core.models import CustomerScopedQuerySet, PostalAddress
from core.vat import VatRate
from orders.models import OrderLine

from .choices import WorkOrderKind, WorkOrderStatus


class WorkOrderQuerySet(CustomerScopedQuerySet):
    def completed_for(self, user, after):
        """The user's work orders completed after `after` (all of them when
        None), along index work_order_completed."""
        done = self.filter(prescriber=user, status=WorkOrderStatus.COMPLETED)
        return done if after is None else done.filter(completed_at__gt=after)

    def charged_in(self, first_day, last_day):
        """Work orders with a charge completed from `first_day` to `last_day`
        (dates, both included, Swedish time): what invoicing charges the
        holding's payer for in that period, in the order they were completed,
        along index work_order_charged."""
        start, end = (
            timezone.make_aware(datetime.combine(day, time.min))
            for day in (first_day, last_day + timedelta(days=1))
        )
        return self.filter(
            status=WorkOrderStatus.COMPLETED,
            charge_amount__isnull=False,
            completed_at__gte=start,
            completed_at__lt=end,
        ).order_by("completed_at", "pk")


@audited()
class WorkOrder(RecipientOwned, PostalAddress):
    """An arbetsorder (F-13): adjust, fit, repair or specially adapt one aid a
    recipient has or has on order. Its id is the token of the form that
    created it, so a repeated Verkställ finds it instead of making another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("arbetsordernummer"), max_length=8, unique=True)
    kind = models.CharField(
        _("typ av åtgärd"), max_length=10, choices=WorkOrderKind.choices
    )
    status = models.CharField(
        _("status"),
        max_length=11,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.REGISTERED,
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("förskrivare"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("kund"),
    )
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("innehav"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("artikel"),
    )
    individual = models.ForeignKey(
        Individual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("individ"),
    )
    order_line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("orderrad"),
    )
    address_choice = models.CharField(
        _("adress"), max_length=10, choices=AddressChoice.choices
    )
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    description = models.TextField(_("felbeskrivning"))
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)
    # The charge customer service sets when completing (or corrects later),
    # invoiced to the holding's payer in the month of completed_at.
    charge_amount = models.DecimalField(
        _("debiterat belopp exkl. moms"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    charge_text = models.CharField(_("debiteringstext"), max_length=200, blank=True)
    charge_vat_rate = models.DecimalField(
        _("momssats"),
        max_digits=5,
        decimal_places=2,
        choices=VatRate.choices,
        default=VatRate.STANDARD,
    )

    objects = WorkOrderQuerySet.as_manager()

    class Meta(RecipientOwned.Meta):
        ordering = ["-created_at"]
        verbose_name = _("arbetsorder")
        verbose_name_plural = _("arbetsorder")
        default_related_name = "work_orders"
        constraints = [
            *RecipientOwned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind=WorkOrderKind.WITH_ORDER, order_line__isnull=False)
                | (~Q(kind=WorkOrderKind.WITH_ORDER) & Q(order_line__isnull=True)),
                name="work_order_line_with_order_kind",
            ),
            models.CheckConstraint(
                condition=Q(charge_amount__gte=0), name="work_order_charge_not_negative"
            ),
            # A charge is on a completed work order and says what it is for;
            # a text alone charges nothing.
            models.CheckConstraint(
                condition=Q(charge_amount__isnull=True, charge_text="")
                | (
                    Q(charge_amount__isnull=False, status=WorkOrderStatus.COMPLETED)
                    & ~Q(charge_text="")
                ),
                name="work_order_charge_completed_with_text",
            ),
            models.CheckConstraint(
                condition=Q(charge_vat_rate__in=VatRate.values),
                name="work_order_charge_vat_rate",
            ),
        ]
        indexes = [
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="work_order_number_prefix",
            ),
            models.Index(fields=["prescriber", "status"], name="work_order_prescriber"),
            models.Index(fields=["customer", "status"], name="work_order_customer"),
            models.Index(fields=["person", "-created_at"], name="work_order_person"),
            models.Index(
                fields=["care_unit", "-created_at"], name="work_order_care_unit"
            ),
            # The start page's "completed since last login": a prescriber's
            # recent completions, not all the years of them.
            models.Index(
                fields=["prescriber", "completed_at"],
                condition=Q(status=WorkOrderStatus.COMPLETED),
                name="work_order_completed",
            ),
            # Invoicing's month of charges among the years of completions, in
            # charged_in's order.
            models.Index(
                fields=["completed_at", "id"],
                condition=Q(
                    status=WorkOrderStatus.COMPLETED, charge_amount__isnull=False
                ),
                name="work_order_charged",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("workorder_detail", args=[self.pk])


@audited()
class WorkOrderStatusChange(models.Model):
    """One step of a work order's status history, the first its
    registration."""

    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("arbetsorder"),
    )
    status = models.CharField(
        _("status"), max_length=11, choices=WorkOrderStatus.choices
    )
    changed_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("av"),
    )
    note = models.CharField(_("anteckning"), max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusändring")
        verbose_name_plural = _("statushistorik")

    def __str__(self):
        return f"{timezone.localtime(self.changed_at):%Y-%m-%d %H:%M} {self.get_status_display()}"


def attachment_path(instance, filename):
    return stored_name("workorders", filename)


@audited()
class WorkOrderAttachment(Attachment):
    """A file on a work order, e.g. drawings and photos for a
    Specialanpassning (F-10)."""

    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("arbetsorder"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)

    class Meta(Attachment.Meta):
        pass

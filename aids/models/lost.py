"""Borttappat hjälpmedel: a prescriber's report that a held aid is lost,
decided by customer service."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from core.audit import audited
from core.models import CustomerScopedQuerySet

from ..choices import LOST_MARKING, LostReportStatus
from .holdings import Holding


class LostReportCounter(models.Model):
    """The last serial of one ISO week (YYWW) of lost-aid reports: their
    own series, as orders' NumberCounter is of orders (core.numbering)."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("nummerserie, borttappat")
        verbose_name_plural = _("nummerserier, borttappat")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"


@audited()
class LostReport(models.Model):
    """One report that a held aid is lost (Anmäld), confirmed or rejected
    by customer service, or later reported found. While it is Anmäld or
    Bekräftad its aid carries lost_on; the services keep the two in step."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("ärendenummer"), max_length=10, unique=True)
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        related_name="lost_reports",
        verbose_name=_("hjälpmedel"),
    )
    # Whose case it is: the customer's prescribers see it (visible_to).
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="lost_reports",
        verbose_name=_("kund"),
    )
    lost_on = models.DateField(_("borttappat datum"))
    circumstances = models.TextField(_("omständigheter"))
    police_report_no = models.CharField(
        _("polisanmälans nummer"), max_length=30, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LostReportStatus.choices,
        default=LostReportStatus.REPORTED,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("anmäld av"),
    )
    reported_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handläggare"),
    )
    handled_at = models.DateTimeField(_("handlagd"), null=True, blank=True)
    answer = models.TextField(_("kundtjänstens svar"), blank=True)
    found_on = models.DateField(_("återfunnen datum"), null=True, blank=True)
    found_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återfunnen anmäld av"),
    )

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("borttappat hjälpmedel")
        verbose_name_plural = _("borttappade hjälpmedel")
        constraints = [
            # A double submit, or two prescribers at once, never makes a
            # second open report of one aid.
            models.UniqueConstraint(
                fields=["holding"],
                condition=Q(status__in=LOST_MARKING),
                name="lostreport_one_open_per_holding",
                violation_error_message=_("Hjälpmedlet är redan anmält borttappat."),
            ),
            models.CheckConstraint(
                condition=Q(number__startswith="BH"),
                name="lostreport_number_prefix",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-reported_at"], name="lostreport_status")
        ]

    def __str__(self):
        return _("Borttappat %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("lost_report_detail", args=[self.pk])


def with_open_lost_report(holdings):
    """Annotate each aid of the Holding queryset with the id of the report
    that marks it lost (open_lost_report), None without one: part of the
    list's one query, read only for the aids marked lost."""
    return holdings.annotate(
        open_lost_report=models.Case(
            models.When(
                lost_on__isnull=False,
                then=models.Subquery(
                    LostReport.objects.filter(
                        holding=models.OuterRef("pk"), status__in=LOST_MARKING
                    ).values("pk")[:1]
                ),
            ),
            output_field=models.UUIDField(),
        )
    )

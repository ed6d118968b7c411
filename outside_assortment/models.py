import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.models import RecipientOwned
from catalog.models import Article
from core.attachments import Attachment, stored_name
from core.audit import audited
from core.models import CustomerScopedQuerySet

from .choices import RequestStatus


class OutsideRequestQuerySet(CustomerScopedQuerySet):
    def granted_unused(self, person, care_unit, article):
        """The recipient's granted requests for `article` that no executed
        order has used (index outside_request_granted)."""
        return self.filter(
            status=RequestStatus.GRANTED,
            used_at__isnull=True,
            article=article,
            person=person,
            care_unit=care_unit,
        )


@audited()
class OutsideRequest(RecipientOwned):
    """Begäran om artikel utanför sortimentet: a prescriber asks the
    centre's consultant for an article the assortment lacks, for one
    recipient. Granted, the article may be ordered for that recipient once.
    Its id is the token of the form that sent it, so a repeated Verkställ
    finds it instead of sending another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("ärendenummer"), max_length=9, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outside_requests",
        verbose_name=_("förskrivare"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="outside_requests",
        verbose_name=_("kund"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outside_requests",
        verbose_name=_("önskad artikel"),
    )
    description = models.TextField(
        _("beskrivning av önskad artikel"),
        blank=True,
        help_text=_("När artikeln inte finns i varukatalogen."),
    )
    supplier = models.CharField(_("leverantör"), max_length=200, blank=True)
    quantity = models.PositiveSmallIntegerField(_("antal"), default=1)
    reason = models.TextField(_("varför inget sortimentsalternativ passar"))
    created_at = models.DateTimeField(_("inskickad"), default=timezone.now)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    decision_note = models.TextField(_("motivering"), blank=True)
    instead = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("använd i stället"),
    )
    # The executed order that used the grant; its number only, because the
    # order lives in the layer above (orders.OrderLine.outside_request).
    used_at = models.DateTimeField(_("beställd"), null=True, blank=True)
    order_number = models.CharField(_("ordernummer"), max_length=8, blank=True)

    objects = OutsideRequestQuerySet.as_manager()

    class Meta(RecipientOwned.Meta):
        ordering = ["-created_at"]
        verbose_name = _("begäran utanför sortimentet")
        verbose_name_plural = _("begäranden utanför sortimentet")
        default_related_name = "outside_requests"
        # The consultant's role: staff who decide requests.
        permissions = [
            (
                "decide_outsiderequest",
                _("Kan besluta om begäran om artikel utanför sortimentet"),
            )
        ]
        constraints = [
            *RecipientOwned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(article__isnull=False) | ~Q(description=""),
                name="outside_request_article_or_description",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="outside_request_reason"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="outside_request_quantity"
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.REFUSED) | ~Q(decision_note=""),
                name="outside_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.INSTEAD, instead__isnull=False)
                | (~Q(status=RequestStatus.INSTEAD) & Q(instead__isnull=True)),
                name="outside_request_instead_article",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True)
                | Q(status=RequestStatus.GRANTED, article__isnull=False),
                name="outside_request_used_when_granted",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="outside_customer"),
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="outside_number_prefix",
            ),
            models.Index(fields=["status", "created_at"], name="outside_status"),
            models.Index(fields=["person", "-created_at"], name="outside_person"),
            # The order flow's question: may this recipient order this article?
            models.Index(
                fields=["article", "person", "care_unit"],
                condition=Q(status=RequestStatus.GRANTED, used_at__isnull=True),
                name="outside_request_granted",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("outside_request_detail", args=[self.pk])

    @property
    def wanted(self):
        """What is asked for, as the pages name it."""
        if self.article_id:
            return str(self.article)
        if self.supplier:
            return f"{self.description} ({self.supplier})"
        return self.description


def attachment_path(instance, filename):
    return stored_name("outside", filename)


@audited()
class OutsideRequestAttachment(Attachment):
    """A file on a request: the prescriber's assessment, a quote, a photo."""

    outside_request = models.ForeignKey(
        OutsideRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("begäran"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)

    class Meta(Attachment.Meta):
        pass


class RequestCounter(models.Model):
    """The last serial used in one ISO week (YYWW) for requests: their own
    series beside the orders' (core.numbering)."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer
from aids.choices import AddressChoice
from aids.models import ONE_RECIPIENT, Holding, Individual, RecipientOwned
from catalog.models import Article
from core.attachments import Attachment, stored_name
from core.audit import audited
from core.models import CustomerScopedQuerySet, PostalAddress
from outside_assortment.models import OutsideRequest
from warehouse.models import Warehouse

from .choices import (
    OPEN_LINE_STATUSES,
    OPEN_ORDER_STATUSES,
    RECIPIENTLESS_KINDS,
    LineStatus,
    OrderKind,
    OrderStatus,
)

# A basket loan has no recipient until settled, line by line; a
# replenishment's recipient is its store (F-11).
RECIPIENT_RULE = ONE_RECIPIENT | Q(
    person__isnull=True, care_unit__isnull=True, kind__in=RECIPIENTLESS_KINDS
)


class OrderQuerySet(CustomerScopedQuerySet):
    def visible_condition(self, user):
        """Executed orders of the customers the user orders for, and the
        user's own drafts."""
        return super().visible_condition(user) & ~Q(status=OrderStatus.DRAFT) | Q(
            prescriber=user, status=OrderStatus.DRAFT
        )

    def drafts_of(self, user):
        return self.filter(prescriber=user, status=OrderStatus.DRAFT)

    def open_baskets(self):
        """Basket loans with lines still to settle (index order_open_basket)."""
        return self.filter(kind=OrderKind.BASKET, status__in=OPEN_ORDER_STATUSES)

    def delayed_of(self, user, today):
        """The user's open orders with a line whose delivery date has passed
        undelivered (index order_prescriber_open, then the order's lines). A
        basket's lines wait for the prescriber, not the warehouse: its
        overdue loans are counted apart."""
        late_lines = OrderLine.objects.filter(
            order=models.OuterRef("pk"),
            status__in=OPEN_LINE_STATUSES,
            delivery_date__lt=today,
        )
        return (
            self.filter(prescriber=user, status__in=OPEN_ORDER_STATUSES)
            .exclude(kind=OrderKind.BASKET)
            .filter(models.Exists(late_lines))
        )


@audited()
class Order(RecipientOwned, PostalAddress):
    """A customer order (kundorder). While its status is draft it is the
    prescriber's work in progress, saved at every step; execution gives it a
    number and turns it into a registered order. URLs carry the opaque id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(
        _("ordernummer"), max_length=8, unique=True, null=True, blank=True
    )
    kind = models.CharField(
        _("ordertyp"), max_length=10, choices=OrderKind.choices, default=OrderKind.ORDER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrderStatus.choices,
        default=OrderStatus.DRAFT,
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("levererande lager"),
    )
    # None only for the replenishment orders the daily run makes.
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("förskrivare"),
    )
    restocks = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replenishments",
        verbose_name=_("påfyller lager"),
    )
    # A basket loan is settled or returned by then (5 working days).
    due_on = models.DateField(_("återlämnas senast"), null=True, blank=True)
    # The last reminder that an overdue basket is still open.
    reminded_on = models.DateField(_("påmind"), null=True, blank=True)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("kund"),
    )
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("standardbetalare"),
    )
    # Leverans (step 5); the address itself is the PostalAddress's fields.
    recipient_phone = models.CharField(
        _("mottagarens telefon"), max_length=50, blank=True
    )
    address_choice = models.CharField(
        _("leveransadress"),
        max_length=10,
        choices=AddressChoice.choices,
        default=AddressChoice.CUSTOMER,
    )
    delivery_phone = models.CharField(_("telefon"), max_length=50, blank=True)
    door_code = models.CharField(_("portkod"), max_length=50, blank=True)
    instructions = models.TextField(_("instruktioner"), blank=True)
    joint_delivery = models.BooleanField(_("samleverans"), default=True)
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    other_information = models.TextField(_("övrig information"), blank=True)

    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    executed_at = models.DateTimeField(_("verkställd"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("makulerad"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("makulerad av"),
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-executed_at", "-created_at"]
        verbose_name = _("kundorder")
        verbose_name_plural = _("kundorder")
        default_related_name = "orders"
        # Not RecipientOwned's constraint: a basket loan has no recipient.
        constraints = [
            models.CheckConstraint(condition=RECIPIENT_RULE, name="order_recipient"),
            models.CheckConstraint(
                condition=Q(status=OrderStatus.DRAFT) | Q(number__isnull=False),
                name="order_number_once_executed",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=OrderKind.REPLENISHMENT,
                    prescriber__isnull=True,
                    restocks__isnull=False,
                )
                | (
                    ~Q(kind=OrderKind.REPLENISHMENT)
                    & Q(prescriber__isnull=False, restocks__isnull=True)
                ),
                name="order_replenishment_restocks_a_store",
            ),
        ]
        indexes = [
            models.Index(fields=["prescriber", "status"], name="order_prescriber"),
            models.Index(fields=["customer", "status"], name="order_customer"),
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="order_number_prefix",
            ),
            models.Index(fields=["person", "-created_at"], name="order_person"),
            models.Index(fields=["status", "updated_at"], name="order_status_updated"),
            # Kundorder's newest open orders of a prescriber, read in order
            # and stopped at the first 50 rather than all of them sorted.
            models.Index(
                fields=["prescriber", "-executed_at", "-created_at"],
                condition=Q(status__in=OPEN_ORDER_STATUSES),
                name="order_prescriber_open",
            ),
            # Kundorder's delivered orders of a prescriber in a period, newest
            # first: read along the index a page at a time.
            models.Index(
                fields=["prescriber", "-executed_at", "-created_at"],
                condition=Q(status=OrderStatus.DELIVERED),
                name="order_prescriber_delivered",
            ),
            # Open baskets: the start page's count, the list, the reminders.
            models.Index(
                fields=["prescriber", "due_on"],
                condition=Q(kind=OrderKind.BASKET, status__in=OPEN_ORDER_STATUSES),
                name="order_open_basket",
            ),
            # Rekvirerat per förskrivare: a period of the user's customers.
            models.Index(
                fields=["customer", "executed_at"], name="order_customer_executed"
            ),
        ]

    def __str__(self):
        return self.number or str(_("Utkast"))

    def get_absolute_url(self):
        """The page of a placed order, which a message about it links to; a
        basket loan's is the page where it is settled."""
        if self.kind == OrderKind.BASKET:
            return reverse("basket_settle", args=[self.pk])
        return reverse("order_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == OrderStatus.DRAFT


@audited()
class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    position = models.PositiveIntegerField(_("rad"))
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="order_lines",
        verbose_name=_("artikel"),
    )
    quantity = models.PositiveIntegerField(_("antal"), default=1)
    payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("betalare"),
        help_text=_("Tom: orderns standardbetalare."),
    )
    # The ordered article when it replaces older ones with stock: the
    # prescriber has not yet chosen between it and its alternatives (F-06).
    alternatives_pending = models.BooleanField(
        default=False, verbose_name=_("alternativ väntar")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LineStatus.choices,
        default=LineStatus.REGISTERED,
    )
    delivery_date = models.DateField(_("leveransdatum"), null=True, blank=True)
    # How much of the quantity execution reserved at the delivering warehouse:
    # all of it, or nothing when it must be bought in.
    reserved_quantity = models.PositiveIntegerField(_("reserverat"), default=0)
    delivered_quantity = models.PositiveIntegerField(_("levererat antal"), default=0)
    picked_at = models.DateTimeField(_("plockad"), null=True, blank=True)
    holding = models.OneToOneField(
        Holding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_line",
        verbose_name=_("innehav"),
    )
    # The unit taken from a local store's shelf (withdrawal, basket loan).
    individual = models.ForeignKey(
        Individual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("individ"),
    )
    # Who delivered a basket line to a patient or returned it, and when:
    # a colleague may settle another's basket (holiday cover).
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åtgärdad av"),
    )
    settled_at = models.DateTimeField(_("åtgärdad"), null=True, blank=True)
    # The granted request that lets this recipient order an article outside
    # the assortment; used when the order is executed.
    outside_request = models.ForeignKey(
        OutsideRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order_lines",
        verbose_name=_("begäran utanför sortimentet"),
    )

    class Meta:
        ordering = ["order", "position"]
        verbose_name = _("orderrad")
        verbose_name_plural = _("orderrader")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "position"], name="unique_line_position"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(delivered_quantity__lte=models.F("quantity")),
                name="line_delivered_within_quantity",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "delivery_date"], name="line_status_date"),
            models.Index(fields=["article", "status"], name="line_article"),
        ]

    def __str__(self):
        return f"{self.article_id} × {self.quantity}"

    @property
    def remaining_quantity(self):
        return self.quantity - self.delivered_quantity


def attachment_path(instance, filename):
    return stored_name("orders", filename)


@audited()
class OrderAttachment(Attachment):
    """A file attached to an order by its prescriber or by customer service
    (F-10)."""

    order = models.ForeignKey(
        Order,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("order"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)

    class Meta(Attachment.Meta):
        pass


@audited()
class OrderTemplate(models.Model):
    """Beställningsmall (F-12): the articles a care unit orders to its own
    store again and again. It belongs to the customer, so colleagues share
    it."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="order_templates",
        verbose_name=_("kund"),
    )
    name = models.CharField(_("namn"), max_length=100)
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        related_name="order_templates",
        verbose_name=_("levererande lager"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    # Colleagues of the customer see it, staff see all, others none.
    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["customer", "name"]
        verbose_name = _("beställningsmall")
        verbose_name_plural = _("beställningsmallar")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "name"], name="order_template_name_once"
            )
        ]

    def __str__(self):
        return self.name


@audited()
class OrderTemplateLine(models.Model):
    template = models.ForeignKey(
        OrderTemplate,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("beställningsmall"),
    )
    position = models.PositiveIntegerField(_("rad"))
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("artikel"),
    )
    quantity = models.PositiveIntegerField(_("antal"), default=1)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("mallrad")
        verbose_name_plural = _("mallrader")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="unique_template_position"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="template_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} × {self.quantity}"


class NumberCounter(models.Model):
    """The last serial used in one ISO week (YYWW) for customer and work
    orders. Incremented in the executing transaction, so a rolled-back
    execute leaves no gap."""

    week = models.CharField(max_length=4, primary_key=True, verbose_name=_("vecka"))
    last_serial = models.PositiveIntegerField(
        default=0, verbose_name=_("senaste löpnummer")
    )

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")

    def __str__(self):
        return f"{self.week}: {self.last_serial}"

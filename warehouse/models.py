import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Article
from core.audit import audited

from .choices import MovementKind

MAIN_WAREHOUSE = "500"


@audited()
class Warehouse(models.Model):
    """500 HMV main warehouse, 402 NUS Umeå, 602 Lycksele lasarett."""

    code = models.CharField(_("lager"), max_length=3, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    # A local store's customers, whose prescribers may draw from it.
    customers = models.ManyToManyField(
        "accounts.Customer",
        through="LocalStoreCustomer",
        related_name="local_stores",
        blank=True,
        verbose_name=_("kunder"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("lager")
        verbose_name_plural = _("lager")

    def __str__(self):
        return f"{self.code} {self.name}"


@audited()
class LocalStoreCustomer(models.Model):
    """A customer whose prescribers may draw from a local store (402 NUS,
    602 Lycksele): `customer.local_stores` lists them."""

    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.CASCADE,
        related_name="store_customers",
        limit_choices_to=~Q(code=MAIN_WAREHOUSE),
        verbose_name=_("eget förråd"),
    )
    customer = models.ForeignKey(
        "accounts.Customer",
        on_delete=models.CASCADE,
        related_name="local_store_links",
        verbose_name=_("kund"),
    )

    class Meta:
        verbose_name = _("kund som får ta ur förrådet")
        verbose_name_plural = _("kunder som får ta ur förrådet")
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "customer"], name="local_store_customer_once"
            )
        ]

    def __str__(self):
        return f"{self.customer} – {self.warehouse}"


class StockBalance(models.Model):
    """What one warehouse holds of one article. Changed only by the stock
    services, each change with a StockMovement row saying why."""

    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        related_name="balances",
        verbose_name=_("lager"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="balances",
        verbose_name=_("artikel"),
    )
    on_hand = models.IntegerField(_("i lager"), default=0)
    reserved = models.IntegerField(_("reserverat"), default=0)
    safety_stock = models.IntegerField(_("säkerhetslager"), default=0)
    # Lagerpåfyllnad of a local store orders up to this level when the
    # available stock falls below the safety stock; empty: the safety stock.
    order_up_to = models.PositiveIntegerField(
        _("beställ upp till"), null=True, blank=True
    )

    class Meta:
        ordering = ["warehouse", "article"]
        verbose_name = _("lagersaldo")
        verbose_name_plural = _("lagersaldon")
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "article"], name="unique_balance"
            ),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="reserved_within_on_hand"
            ),
            models.CheckConstraint(
                condition=Q(safety_stock__gte=0), name="safety_stock_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.warehouse.code} {self.article.article_no}"

    @property
    def available(self):
        return self.on_hand - self.reserved


class StockMovement(models.Model):
    """The ledger: one append-only row for every change of a balance."""

    balance = models.ForeignKey(
        StockBalance,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("lagersaldo"),
    )
    at = models.DateTimeField(_("tid"), default=timezone.now, editable=False)
    kind = models.CharField(_("typ"), max_length=10, choices=MovementKind.choices)
    on_hand_change = models.IntegerField(_("ändring i lager"), default=0)
    reserved_change = models.IntegerField(_("ändring reserverat"), default=0)
    reason = models.CharField(_("orsak"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("lagerhändelse")
        verbose_name_plural = _("lagerhändelser")
        triggers = [
            pgtrigger.Protect(
                name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_kind_display()}"

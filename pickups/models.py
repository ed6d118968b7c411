import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.choices import AddressChoice
from aids.models import Holding, Person
from core.audit import audited
from core.models import CustomerScopedQuerySet, PostalAddress
from core.validators import swedish_phone_number

from .choices import PickupStatus

# Pickup numbers come from this sequence (migration 0001), "H" + 7 digits,
# so that they are never taken for an order number (8 digits).
NUMBER_SEQUENCE = "pickups_number_seq"


@audited()
class PickupReason(models.Model):
    """Orsak: why aids are fetched. The list is kept by customer service."""

    name = models.CharField(_("orsak"), max_length=100, unique=True)
    active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Bara aktiva orsaker kan väljas på nya hämtorder."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("orsak till hämtning")
        verbose_name_plural = _("orsaker till hämtning")

    def __str__(self):
        return self.name


class PickupQuerySet(CustomerScopedQuerySet):
    def closed_for(self, user, after):
        """The user's pickups carried out after `after` (all of them when
        None), along index pickup_closed."""
        closed = self.filter(prescriber=user, status=PickupStatus.CLOSED)
        return closed if after is None else closed.filter(closed_at__gt=after)


@audited()
class PickupOrder(PostalAddress):
    """A pickup order (hämtorder): fetch aids from a patient's home. The id
    is the token of the form that created it, so a repeated Verkställ finds
    the pickup instead of making a second one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("hämtordernummer"), max_length=8, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PickupStatus.choices,
        default=PickupStatus.OPEN,
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pickups",
        verbose_name=_("förskrivare"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="pickups",
        verbose_name=_("kund"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="pickups",
        verbose_name=_("patient"),
    )
    address_choice = models.CharField(
        _("hämtadress"), max_length=10, choices=AddressChoice.choices
    )
    phone = models.CharField(
        _("telefon/mobiltelefon"), max_length=50, validators=[swedish_phone_number]
    )
    door_phone = models.CharField(_("porttelefon"), max_length=50, blank=True)
    instructions = models.TextField(_("instruktioner"), blank=True)
    information = models.TextField(_("hämtorderinformation"), blank=True)
    reason = models.ForeignKey(
        PickupReason,
        on_delete=models.PROTECT,
        related_name="pickups",
        verbose_name=_("orsak"),
    )
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stängd av"),
    )
    cancelled_at = models.DateTimeField(_("makulerad"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("makulerad av"),
    )

    objects = PickupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hämtorder")
        verbose_name_plural = _("hämtorder")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PickupStatus.CLOSED, closed_at__isnull=False)
                | Q(status=PickupStatus.CANCELLED, cancelled_at__isnull=False)
                | Q(status=PickupStatus.OPEN),
                name="pickup_status_timestamp",
            )
        ]
        indexes = [
            models.Index(
                fields=["number"],
                opclasses=["varchar_pattern_ops"],
                name="pickup_number_prefix",
            ),
            models.Index(fields=["customer", "-created_at"], name="pickup_customer"),
            # The start page's "closed since last login".
            models.Index(
                fields=["prescriber", "closed_at"],
                condition=Q(status=PickupStatus.CLOSED),
                name="pickup_closed",
            ),
        ]

    def __str__(self):
        return _("Hämtorder %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("pickup_detail", args=[self.pk])


@audited()
class PickupItem(models.Model):
    """One aid to fetch. `open` repeats the pickup's status so that the
    database itself allows one open pickup per aid (the partial unique
    constraint), and so that the aids list finds it with one join."""

    pickup = models.ForeignKey(
        PickupOrder,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("hämtorder"),
    )
    holding = models.ForeignKey(
        Holding,
        on_delete=models.PROTECT,
        related_name="pickup_items",
        verbose_name=_("hjälpmedel"),
    )
    open = models.BooleanField(default=True, verbose_name=_("öppen"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("hjälpmedel att hämta")
        verbose_name_plural = _("hjälpmedel att hämta")
        constraints = [
            models.UniqueConstraint(
                fields=["holding"],
                condition=Q(open=True),
                name="one_open_pickup_per_holding",
            ),
            models.UniqueConstraint(
                fields=["pickup", "holding"], name="pickup_holding_once"
            ),
        ]

    def __str__(self):
        return str(self.holding)


def with_open_pickup(holdings):
    """Annotate each aid with its open pickup order's number and id (None
    without one): what the aids pages show (aids.hooks). The database allows
    one open pickup per aid, so the join adds no rows and the list stays one
    query."""
    return holdings.annotate(
        open_pickup_item=FilteredRelation(
            "pickup_items", condition=Q(pickup_items__open=True)
        ),
        open_pickup=F("open_pickup_item__pickup__number"),
        open_pickup_id=F("open_pickup_item__pickup_id"),
    )

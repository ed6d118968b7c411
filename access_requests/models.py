import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from core.audit import audited
from core.validators import swedish_phone_number

from .choices import RequestStatus


@audited()
class AccessRequest(models.Model):
    """Ansökan om behörighet: someone without an account asks for one. The
    unit manager approves or rejects it through a mailed single-use link;
    customer service then creates the account from an approved one. Its id
    is the token of the form that sent it, so a repeated submit finds it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
    )
    first_name = models.CharField(_("förnamn"), max_length=150)
    last_name = models.CharField(_("efternamn"), max_length=150)
    title = models.CharField(_("titel/yrke"), max_length=100)
    email = models.EmailField(_("e-postadress i arbetet"), max_length=150)
    phone = models.CharField(
        _("telefon"), max_length=50, validators=[swedish_phone_number]
    )
    hsa_id = models.CharField(_("HSA-id"), max_length=64, blank=True)
    customers = models.ManyToManyField(
        Customer,
        through="RequestedCustomer",
        related_name="access_requests",
        verbose_name=_("kunder"),
    )
    manager_email = models.EmailField(_("chefens e-postadress"))
    created_at = models.DateTimeField(_("inskickad"), default=timezone.now)
    created_ip = models.GenericIPAddressField(_("skickad från IP-adress"), null=True)
    # Only the link's hash is kept: the database alone cannot decide.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_expires_at = models.DateTimeField(_("chefens länk gäller till"))
    decided_at = models.DateTimeField(_("chefens beslut"), null=True, blank=True)
    decided_ip = models.GenericIPAddressField(
        _("beslut från IP-adress"), null=True, blank=True
    )
    decision_note = models.TextField(_("chefens kommentar"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_request",
        verbose_name=_("skapat konto"),
    )
    account_created_at = models.DateTimeField(_("konto skapat"), null=True, blank=True)
    account_created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("konto skapat av"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ansökan om behörighet")
        verbose_name_plural = _("ansökningar om behörighet")
        indexes = [
            # The limits count recent applications per address and per e-mail.
            models.Index(fields=["created_ip", "created_at"], name="access_request_ip"),
            models.Index(Lower("email"), "created_at", name="access_request_email"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}"


@audited()
class RequestedCustomer(models.Model):
    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="requested_customers"
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="requested_in",
        verbose_name=_("kund"),
    )

    class Meta:
        ordering = ["customer__kundid"]
        verbose_name = _("kund i ansökan")
        verbose_name_plural = _("kunder i ansökan")
        constraints = [
            models.UniqueConstraint(
                fields=["access_request", "customer"], name="unique_requested_customer"
            )
        ]

    def __str__(self):
        return str(self.customer)

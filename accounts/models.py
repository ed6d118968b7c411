from functools import cached_property

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr

from core.audit import audited
from core.validators import five_digit_code, swedish_phone_number, validate_org_number
from notices.models import default_email_kinds

from .choices import AccessAction, AccessRole, CustomerKind
from .validators import ORG_NUMBER_SCHEME, validate_peppol_id


class PayerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The payers whose invoices the user may see: staff all, anyone else
        those they are authorised for (their pages answer 404 for others)."""
        if user.is_staff:
            return self
        return self.filter(pk__in=user.payer_authorisations.values("payer_id"))


@audited()
class Payer(models.Model):
    betalarid = models.CharField(
        _("betalarid"), max_length=5, unique=True, validators=[five_digit_code]
    )
    name = models.CharField(_("namn"), max_length=200)
    # The buyer on the payer's e-invoices (Peppol BIS Billing 3.0). Not
    # unique: a municipality pays under several betalarid.
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=10,
        blank=True,
        validators=[validate_org_number],
    )
    peppol_id = models.CharField(
        _("Peppol-id"),
        max_length=55,
        blank=True,
        validators=[validate_peppol_id],
        help_text=_(
            "Schema och identitet, till exempel 0007:2120000001 "
            "(0007 och organisationsnumret)."
        ),
    )

    objects = PayerQuerySet.as_manager()

    class Meta:
        ordering = ["betalarid"]
        verbose_name = _("betalare")
        verbose_name_plural = _("betalare")

    def __str__(self):
        return f"{self.betalarid} {self.name}"

    @property
    def org_number_display(self):
        """The organisation number as it is written, NNNNNN-NNNN."""
        return orgnr.format(self.org_number) if self.org_number else ""

    @property
    def peppol_address(self):
        """Where the payer's e-invoices go, as (scheme, identifier): the
        Peppol id given, else 0007 and the organisation number; None when
        the payer has neither."""
        if self.peppol_id:
            scheme, identifier = self.peppol_id.split(":", 1)
            return scheme, identifier
        if self.org_number:
            return ORG_NUMBER_SCHEME, self.org_number
        return None


@audited()
class Customer(models.Model):
    kundid = models.CharField(
        _("kundid"), max_length=5, unique=True, validators=[five_digit_code]
    )
    name = models.CharField(_("namn"), max_length=200)
    street = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    kind = models.CharField(_("typ"), max_length=10, choices=CustomerKind.choices)
    default_payer = models.ForeignKey(
        Payer,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("standardbetalare"),
    )

    class Meta:
        ordering = ["kundid"]
        verbose_name = _("kund")
        verbose_name_plural = _("kunder")

    def __str__(self):
        return f"{self.kundid} {self.name}"


@audited(exclude=["password", "last_login"])
class User(AbstractUser):
    email = models.EmailField(_("e-postadress"))
    title = models.CharField(
        _("titel/yrke"),
        max_length=100,
        blank=True,
        help_text=_("Till exempel arbetsterapeut, fysioterapeut eller sjuksköterska."),
    )
    work_phone = models.CharField(
        _("telefon arbete"),
        max_length=50,
        blank=True,
        validators=[swedish_phone_number],
    )
    mobile = models.CharField(
        _("mobiltelefon"),
        max_length=50,
        blank=True,
        validators=[swedish_phone_number],
    )
    # A new address takes effect only when the link mailed to it is opened
    # (accounts.services.confirm_email_change): until then it waits here.
    pending_email = models.EmailField(
        _("ny e-postadress, ej bekräftad"), blank=True, editable=False
    )
    # The kinds of personal message (notices.models.EMAIL_KINDS) also mailed
    # to the user; Dina uppgifter, "Skicka e-post när …".
    email_notifications = ArrayField(
        models.CharField(max_length=20),
        default=default_email_kinds,
        blank=True,
        verbose_name=_("skicka e-post när"),
    )
    # The identity the region's identity provider vouches for (SITHS eID):
    # OIDC login finds the account by it; customer service enters it.
    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=64,
        blank=True,
        help_text=_(
            "Till exempel SE2321000222-abcd. Används vid inloggning med SITHS."
        ),
    )
    # The language the user chose in the header; empty means the default.
    language = models.CharField(_("språk"), max_length=10, blank=True)
    must_change_password = models.BooleanField(
        _("måste byta lösenord"),
        default=False,
        help_text=_("Användaren måste välja ett eget lösenord innan något annat."),
    )
    customers = models.ManyToManyField(
        Customer,
        through="Authorisation",
        related_name="users",
        blank=True,
        verbose_name=_("kunder"),
    )
    payers = models.ManyToManyField(
        Payer,
        through="PayerAuthorisation",
        related_name="users",
        blank=True,
        verbose_name=_("betalare"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        constraints = [
            models.UniqueConstraint(
                fields=["hsa_id"],
                condition=~models.Q(hsa_id=""),
                name="unique_user_hsa_id",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def customer_list(self):
        """The user's customers by kundid, read once for the user loaded for
        a request: the header shows them and the access log records them."""
        return list(self.customers.all())

    def customers_by_name(self):
        """customer_list by name, as the forms that choose a customer list
        them (no second read)."""
        return sorted(self.customer_list, key=lambda c: (c.name, c.kundid))


@audited()
class Authorisation(models.Model):
    """A user may order for this customer (behörighet)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="authorisations",
        verbose_name=_("användare"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="authorisations",
        verbose_name=_("kund"),
    )

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "customer"], name="unique_authorisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.customer}"


@audited()
class PayerAuthorisation(models.Model):
    """A user may see this payer's invoices (behörighet för betalarid)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="payer_authorisations",
        verbose_name=_("användare"),
    )
    payer = models.ForeignKey(
        Payer,
        on_delete=models.CASCADE,
        related_name="authorisations",
        verbose_name=_("betalare"),
    )

    class Meta:
        verbose_name = _("behörighet för betalare")
        verbose_name_plural = _("behörigheter för betalare")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "payer"], name="unique_payer_authorisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.payer}"


class UserSession(AbstractBaseSession):
    """A database session that knows its user, so all of a user's sessions
    can be ended at once (deactivation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        verbose_name=_("användare"),
    )

    @classmethod
    def get_session_store_class(cls):
        from .session_store import SessionStore

        return SessionStore


class AccessLogQuerySet(models.QuerySet):
    def of_person(self, person):
        return self.filter(
            person_type=ContentType.objects.get_for_model(person),
            person_id=str(person.pk),
        )


class AccessLog(models.Model):
    """Who saw or changed which person's data (Patientdatalagen), in what
    role and for which customer (care unit). Append-only: the database
    refuses UPDATE and DELETE.

    `customer` is the customer acted for: the one of the order, pickup or
    work order the page was reached through, or chosen on the page, or else
    the user's only customer. A user authorised for several customers who
    reached the person without such a context could have acted for any of
    them: `authorised_customers` then holds all their kundids as they were at
    the time (authorisations change later), and `customer` stays empty.
    Several rows per access would count one access as many in an extract."""

    at = models.DateTimeField(_("tid"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("användare")
    )
    role = models.CharField(
        _("roll"), max_length=12, choices=AccessRole.choices, blank=True
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kund"),
    )
    authorised_customers = ArrayField(
        models.CharField(max_length=5),
        default=list,
        blank=True,
        verbose_name=_("behörig för kunder"),
    )
    action = models.CharField(_("åtgärd"), max_length=10, choices=AccessAction.choices)
    person_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("persontyp"),
    )
    person_id = models.CharField(max_length=64, verbose_name=_("person-id"))
    person = GenericForeignKey("person_type", "person_id")
    object_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objekttyp"),
    )
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("objekt-id"))
    object_repr = models.CharField(_("objekt"), max_length=200, blank=True)
    path = models.CharField(_("sida"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("åtkomstlogg")
        verbose_name_plural = _("åtkomstlogg")
        permissions = [
            ("extract_accesslog", _("Kan ta fram loggutdrag för en patient"))
        ]
        indexes = [
            models.Index(
                fields=["person_type", "person_id", "-at"], name="accesslog_person"
            ),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"

"""Persons (the population register), recipients and their saved details."""

import uuid
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from core.audit import audited
from core.search import SearchText, containing_words
from core.validators import validate_personnummer

from ..hooks import hooks
from .care import CareConfirmation, session_digest

# Exactly one of a patient (person) and a care unit (customer).
ONE_RECIPIENT = Q(person__isnull=False, care_unit__isnull=True) | Q(
    person__isnull=True, care_unit__isnull=False
)


class PersonQuerySet(models.QuerySet):
    def cared_for_by(self, user, session_key=None):
        """The persons with whom `user` has a care relationship through
        their customers, or confirmed one in the session `session_key`.
        One query: an EXISTS per relation, each on the relation's person
        index."""
        customers = user.authorisations.values("customer")
        conditions = [
            Exists(
                Person.objects.filter(
                    pk=OuterRef("pk"),
                    **{f"{relation}__customer__in": customers},
                    **also,
                )
            )
            for relation, also in hooks.care_relations
        ]
        if session_key:
            conditions.append(
                Exists(
                    CareConfirmation.objects.filter(
                        user=user,
                        person=OuterRef("pk"),
                        session=session_digest(session_key),
                    )
                )
            )
        return self.filter(reduce(or_, conditions))

    def matching_address(self, *, street="", postal_code="", city=""):
        """Persons whose address matches every part given: words of the
        street, the start of the postal code (digits only), the city. A
        protected identity's address is hidden from everyone but permitted
        staff, so it never matches: stepping through house numbers would
        otherwise find where the person lives."""
        if not (street or postal_code or city):
            return self
        persons = containing_words(
            self.filter(protected_identity=False), "search_street", street
        )
        if postal_code:
            # Stored as "90325" or "903 25": two prefix lookups on the index.
            spaced = (
                f"{postal_code[:3]} {postal_code[3:]}"
                if len(postal_code) > 3
                else postal_code
            )
            persons = persons.filter(
                Q(postal_code__startswith=postal_code)
                | Q(postal_code__startswith=spaced)
            )
        if city:
            persons = persons.alias(city_lower=Lower("city")).filter(
                city_lower=Lower(Value(city))
            )
        return persons


@audited(exclude=["search_name", "search_street"])
class Person(models.Model):
    """The population register (CFR). URLs use the opaque `id`, never the
    personnummer."""

    # A protected identity's address: shown and searched only in the admin,
    # to staff with the permission view_protected_address.
    ADDRESS_FIELDS = ("street", "postal_code", "city")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    personnummer = models.CharField(
        _("personnummer"),
        max_length=12,
        unique=True,
        validators=[validate_personnummer],
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    street = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    deceased_on = models.DateField(_("avliden"), null=True, blank=True)
    protected_identity = models.BooleanField(_("skyddad identitet"), default=False)
    # Stored accent-free texts for indexed search (see core.search.SearchText).
    search_name = models.GeneratedField(
        expression=SearchText(Concat("first_name", Value(" "), "last_name")),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_street = models.GeneratedField(
        expression=SearchText("street"),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        permissions = [("view_protected_address", _("Kan se skyddad adress"))]
        indexes = [
            GinIndex(
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
                name="person_name_trgm",
            ),
            GinIndex(
                fields=["search_street"],
                opclasses=["gin_trgm_ops"],
                name="person_street_trgm",
            ),
            models.Index(
                fields=["personnummer"],
                opclasses=["varchar_pattern_ops"],
                name="person_pnr_prefix",
            ),
            models.Index(
                fields=["postal_code"],
                opclasses=["varchar_pattern_ops"],
                name="person_postal_code",
            ),
            models.Index(Lower("city"), name="person_city"),
        ]

    def __str__(self):
        # Never the personnummer: this text reaches logs and the audit trail.
        return f"{self.first_name} {self.last_name}"


class RecipientOwned(models.Model):
    """Belongs to one recipient: a patient (`person`) or a care unit
    (`care_unit`), never both, which the database checks (a model with its
    own Meta, like Order, states its own rule from ONE_RECIPIENT). Here
    rather than in core, which imports no app: the patient and the Recipient
    that `.recipient` gives are aids'. The person's reverse relation is the
    model's Meta.default_related_name (person.orders, person.holdings), the
    names the care relations use (aids.hooks)."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("patient"),
    )
    care_unit = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_%(class)s_set",
        verbose_name=_("vårdenhet"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=ONE_RECIPIENT, name="%(app_label)s_%(class)s_one_recipient"
            )
        ]

    @property
    def recipient(self):
        # recipients imports this module for Holding and Person.
        from ..recipients import Recipient

        return Recipient(person=self.person, care_unit=self.care_unit)


@audited()
class RecipientDetails(models.Model):
    """Phone, door code and instructions for deliveries to a patient or a care
    unit, saved once and offered on every later order."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="details",
        verbose_name=_("person"),
    )
    care_unit = models.OneToOneField(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recipient_details",
        verbose_name=_("vårdenhet"),
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    door_code = models.CharField(_("Portkod"), max_length=50, blank=True)
    instructions = models.TextField(_("Instruktioner"), blank=True)

    class Meta:
        verbose_name = _("mottagaruppgifter")
        verbose_name_plural = _("mottagaruppgifter")
        constraints = [
            models.CheckConstraint(
                condition=ONE_RECIPIENT, name="details_one_recipient"
            )
        ]

    def __str__(self):
        return str(self.person or self.care_unit)

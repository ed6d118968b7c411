"""Model pieces the apps share: the postal address a customer order, work
order or pickup carries, and the rule of whose customers' objects a user
sees."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class Address(NamedTuple):
    """A postal address as offered, chosen or copied: (name, street, postal
    code, city)."""

    name: str
    street: str
    postal_code: str
    city: str

    def __str__(self):
        place = f"{self.postal_code} {self.city}".strip()
        return ", ".join(part for part in (self.name, self.street, place) if part)


class PostalAddress(models.Model):
    """An address copied onto the object rather than referred to: a one-off
    address (a school) is saved nowhere else, and a later change of the
    patient's or customer's address must not move what was already sent.
    Blank is allowed here; each service says which parts it requires."""

    address_name = models.CharField(_("namn/c/o"), max_length=200, blank=True)
    street = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def postal_address(self):
        return Address(self.address_name, self.street, self.postal_code, self.city)

    @postal_address.setter
    def postal_address(self, address):
        self.address_name, self.street, self.postal_code, self.city = address

    @property
    def address(self):
        """The address on one line, as the pages show it."""
        return str(self.postal_address)


class CustomerScopedQuerySet(models.QuerySet):
    """Objects that belong to a customer (`customer`): a prescriber sees
    those of the customers they order for, staff see all, anyone else none
    (their pages answer 404)."""

    def visible_to(self, user):
        if user.is_staff:
            return self
        return self.filter(self.visible_condition(user))

    def visible_condition(self, user):
        """What a user who is not staff sees; a subclass widens or narrows it.
        A semi-join on the user's customers: joined instead, every row would
        meet every authorisation of its customer before the filter, and a
        condition ORed with it (a user's own drafts) keeps that join."""
        return models.Q(customer_id__in=user.authorisations.values("customer_id"))

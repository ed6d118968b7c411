"""Imports of payers, customers and users (DATA-FORMATS.md)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from imports.columns import Choice, OrgNumber, Ref, Text
from imports.importer import ModelImporter, replace_related
from imports.registry import register
from imports.rows import Status

from . import services
from .choices import CustomerKind
from .models import Authorisation, Customer, Payer, PayerAuthorisation, User


@register
class PayerImporter(ModelImporter):
    kind = "payers"
    label = _("Betalare")
    order = 10
    model = Payer
    key = "betalarid"
    columns = {
        "betalarid": Text(),
        "name": Text(),
        "org_number": OrgNumber(optional=True),
        "peppol_id": Text(optional=True),
    }


@register
class CustomerImporter(ModelImporter):
    kind = "customers"
    label = _("Kunder")
    order = 20
    model = Customer
    key = "kundid"
    columns = {
        "kundid": Text(),
        "name": Text(),
        "default_payer": Ref(
            Payer, "betalarid", _("okänd betalare %(value)s"), required=True
        ),
        "street": Text(),
        "postal_code": Text(),
        "city": Text(),
        "phone": Text(),
        "kind": Choice(CustomerKind, required=True),
    }


@register
class UserImporter(ModelImporter):
    """New users get an activation mail, or must change the imported initial
    password at first login; existing users keep their password."""

    kind = "users"
    label = _("Användare")
    order = 70
    model = User
    key = "username"
    columns = {
        "username": Text(),
        "first_name": Text(),
        "last_name": Text(),
        "email": Text(),
        "customers": Ref(Customer, "kundid", _("okänd kund %(value)s"), many=True),
        "initial_password": Text(),
        # Whose invoices the user may see; left out, a user's stay as they are.
        "payers": Ref(
            Payer, "betalarid", _("okänd betalare %(value)s"), many=True, optional=True
        ),
    }

    def check(self, rows):
        # Only a new user's initial password is ever set, so only that is checked.
        for row in rows:
            password = row.values.get("initial_password")
            if password and row.status == Status.CREATED:
                try:
                    validate_password(password, user=row.obj)
                except ValidationError as error:
                    self.error(row, "initial_password", " ".join(error.messages))

    def create(self, rows):
        for row in rows:
            row.obj = services.create_user(
                username=row.obj.username,
                email=row.obj.email,
                first_name=row.obj.first_name,
                last_name=row.obj.last_name,
                customers=row.values["customers"],
                payers=row.values.get("payers", ()),
                initial_password=row.values["initial_password"],
            )

    def write_related(self, rows):
        existing = [row for row in rows if row.status != Status.CREATED]
        changed = replace_related(
            Authorisation,
            "user",
            ["customer_id"],
            {
                row.obj.pk: {(customer.pk,) for customer in row.values["customers"]}
                for row in existing
            },
        )
        changed |= replace_related(
            PayerAuthorisation,
            "user",
            ["payer_id"],
            {
                row.obj.pk: {(payer.pk,) for payer in row.values["payers"]}
                for row in existing
                if "payers" in row.values
            },
        )
        for row in existing:
            if row.obj.pk in changed:
                row.status = Status.UPDATED

"""Lines invoiced before they kept their patient's name get it from the
persons when the field is added."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.dbroles import as_owner, grant_app_role
from invoicing.models import InvoiceLine
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    PayerFactory,
    PersonFactory,
)

BEFORE = [("invoicing", "0005_invoice_pdf")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_lines_get_their_patients_name():
    person = PersonFactory(first_name="Karin", last_name="Lund")
    customer = CustomerFactory()
    article = ArticleFactory()
    payer = PayerFactory()
    with as_owner():
        try:
            old = migrate(BEFORE)
            invoice = old.get_model("invoicing", "Invoice").objects.create(
                number="F26490001",
                payer_id=payer.pk,
                month=date(2026, 11, 1),
                invoice_date=date(2026, 12, 1),
                due_date=date(2026, 12, 31),
                total_excl_vat=Decimal(0),
                total_vat=Decimal(0),
                total_incl_vat=Decimal(0),
            )
            line = old.get_model("invoicing", "InvoiceLine").objects
            common = {
                "invoice": invoice,
                "kind": "rent",
                "article_id": article.pk,
                "customer_id": customer.pk,
                "period_from": date(2026, 11, 1),
                "period_to": date(2026, 11, 30),
                "quantity": 1,
                "unit_price": Decimal(0),
                "amount": Decimal(0),
                "vat_rate": Decimal(25),
            }
            line.create(person_id=person.pk, **common)
            line.create(care_unit_id=customer.pk, **common)
        finally:
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
            grant_app_role()

    assert list(
        InvoiceLine.objects.order_by("id").values_list("person", "recipient_name")
    ) == [(person.pk, "Lund, Karin"), (None, "")]

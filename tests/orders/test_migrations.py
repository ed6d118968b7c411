"""The migrations that gave orders, work orders, pickups and aids their
shared recipient and address models (aids.models.RecipientOwned,
core.models.PostalAddress) keep what the rows say: rows written in the old
shape are migrated forward and read back through today's models."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from aids.models import Holding
from core.dbroles import as_owner, grant_app_role
from orders.models import Order
from pickups.models import PickupOrder, PickupReason
from tests.factories import ArticleFactory, CustomerFactory, PersonFactory, UserFactory
from warehouse.models import Warehouse
from workorders.models import WorkOrder

BEFORE = [
    ("aids", "0004_swedish_names"),
    ("orders", "0002_swedish_names"),
    ("workorders", "0002_swedish_names"),
    ("pickups", "0003_swedish_names"),
]


def latest():
    """Every app's newest migration: today's models read the rows."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    """Migrate to `targets` as the owner; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def constraints(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'c'",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_old_rows_keep_their_recipient_and_address():
    prescriber, person = UserFactory(), PersonFactory()
    customer, care_unit = CustomerFactory(), CustomerFactory()
    article = ArticleFactory()
    warehouse = Warehouse.objects.get_or_create(code="602", defaults={"name": "L"})[0]
    reason = PickupReason.objects.get_or_create(name="Behovet upphört")[0]
    with as_owner():
        try:
            old = migrate(BEFORE)
            OldOrder = old.get_model("orders", "Order")
            order = OldOrder.objects.create(
                warehouse_id=warehouse.pk,
                prescriber_id=prescriber.pk,
                person_id=person.pk,
                customer_id=customer.pk,
                delivery_name="c/o Lind",
                delivery_street="Sommarvägen 4",
                delivery_postal_code="931 32",
                delivery_city="Skellefteå",
            )
            for_unit = OldOrder.objects.create(
                warehouse_id=warehouse.pk,
                prescriber_id=prescriber.pk,
                care_unit_id=care_unit.pk,
                delivery_street="Vårdvägen 3",
                delivery_city="Umeå",
            )
            holding = old.get_model("aids", "Holding").objects.create(
                care_unit_id=care_unit.pk, article_id=article.pk
            )
            work_order = old.get_model("workorders", "WorkOrder").objects.create(
                number="26480001",
                kind="repair",
                prescriber_id=prescriber.pk,
                customer_id=customer.pk,
                care_unit_id=care_unit.pk,
                holding_id=holding.pk,
                article_id=article.pk,
                address_choice="other",
                address_name="Skolan",
                street="Skolvägen 3",
                city="Umeå",
                description="Trasig broms",
            )
            pickup = old.get_model("pickups", "PickupOrder").objects.create(
                number="H0000001",
                prescriber_id=prescriber.pk,
                customer_id=customer.pk,
                person_id=person.pk,
                address_choice="recipient",
                street="Skolgatan 12",
                postal_code="903 25",
                city="Umeå",
                phone="070-123 45 67",
                reason_id=reason.pk,
            )
        finally:
            migrate(latest())
            # Tables of apps newer than BEFORE were dropped and made again
            # without the app role's grants, which migrate's post_migrate
            # would give.
            grant_app_role()

        order = Order.objects.get(pk=order.pk)
        assert (order.recipient.person, order.recipient.care_unit) == (person, None)
        assert order.address == "c/o Lind, Sommarvägen 4, 931 32 Skellefteå"
        for_unit = Order.objects.get(pk=for_unit.pk)
        assert for_unit.recipient.care_unit == care_unit
        assert for_unit.address == "Vårdvägen 3, Umeå"
        work_order = WorkOrder.objects.get(pk=work_order.pk)
        assert work_order.recipient.care_unit == care_unit
        assert work_order.address == "Skolan, Skolvägen 3, Umeå"
        assert Holding.objects.get(pk=holding.pk).recipient.care_unit == care_unit
        pickup = PickupOrder.objects.get(pk=pickup.pk)
        assert (pickup.person, pickup.address) == (person, "Skolgatan 12, 903 25 Umeå")

        # The checks are renamed, and still refuse a second recipient.
        assert "aids_holding_one_recipient" in constraints("aids_holding")
        assert "workorders_workorder_one_recipient" in constraints(
            "workorders_workorder"
        )
        assert "order_recipient" in constraints("orders_order")
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkOrder.objects.filter(pk=work_order.pk).update(person=person)
        with pytest.raises(IntegrityError), transaction.atomic():
            Holding.objects.filter(pk=holding.pk).update(person=person)
        with pytest.raises(IntegrityError), transaction.atomic():
            Order.objects.filter(pk=for_unit.pk).update(person=person)

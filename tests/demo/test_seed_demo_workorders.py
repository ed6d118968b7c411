"""seed_demo's work orders."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from invoicing.choices import LineKind
from invoicing.models import InvoiceLine
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder


def test_the_demo_patient_has_a_registered_repair_of_a_wheelchair(seeded):
    work_order = WorkOrder.objects.get(status=WorkOrderStatus.REGISTERED)

    assert work_order.status == WorkOrderStatus.REGISTERED
    assert work_order.kind == WorkOrderKind.REPAIR
    assert work_order.person.personnummer == "193804120024"
    assert work_order.prescriber.username == "anna.lind"
    assert work_order.individual is not None
    assert len(work_order.number) == 8


def test_seeding_again_adds_no_work_order(seeded):
    before = list(WorkOrder.objects.values_list("pk", "number"))

    call_command("seed_demo", stdout=StringIO())

    assert list(WorkOrder.objects.values_list("pk", "number")) == before


def test_a_repair_completed_last_month_is_on_last_months_invoice(seeded):
    work_order = WorkOrder.objects.get(status=WorkOrderStatus.COMPLETED)
    line = InvoiceLine.objects.select_related("invoice").get(work_order=work_order)

    assert work_order.charge_amount == Decimal("850.00")
    assert work_order.created_at < work_order.completed_at
    assert line.kind == LineKind.WORK_ORDER
    assert line.amount == work_order.charge_amount
    assert line.invoice.month == (
        timezone.localtime(work_order.completed_at).date().replace(day=1)
    )
    assert not line.invoice.is_correction

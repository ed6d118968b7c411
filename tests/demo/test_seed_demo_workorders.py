"""seed_demo's work order."""

from io import StringIO

from django.core.management import call_command

from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder


def test_the_demo_patient_has_a_registered_repair_of_a_wheelchair(seeded):
    work_order = WorkOrder.objects.get()

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

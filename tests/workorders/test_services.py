"""Registering work orders and moving them along their statuses."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aids.choices import HistoryKind
from core.uploads import check_attachment
from notices.models import Message
from orders.services import execute_order
from tests.factories import (
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    OrderLineFactory,
    UserFactory,
)
from tests.notices.message_helpers import assert_message_links_to
from tests.orders.upload_files import media_root, upload  # noqa: F401
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder
from workorders.services import change_status

from .conftest import make_work_order

IN_PROGRESS = WorkOrderStatus.IN_PROGRESS
COMPLETED = WorkOrderStatus.COMPLETED
CANCELLED = WorkOrderStatus.CANCELLED


def test_a_customer_order_and_a_work_order_share_one_number_series(
    prescriber, wheelchair, time_machine
):
    time_machine.move_to(date(2026, 11, 25))
    line = OrderLineFactory(order=DraftOrderFactory(prescriber=prescriber))
    order = execute_order(line.order, prescriber)
    work_order = make_work_order(prescriber, wheelchair)
    assert order.number == "26480001"
    assert work_order.number == "26480002"


def test_registering_copies_the_aid_and_starts_the_history(prescriber, wheelchair):
    work_order = make_work_order(prescriber, wheelchair)
    assert work_order.person == wheelchair.person
    assert work_order.article == wheelchair.article
    assert work_order.individual.individual_no == "I123456"
    assert work_order.status == WorkOrderStatus.REGISTERED
    assert work_order.address == "Karin Berg, Skolgatan 12, 903 25 Umeå"
    (first,) = work_order.status_changes.all()
    assert (first.status, first.changed_by) == (WorkOrderStatus.REGISTERED, prescriber)


def test_the_same_token_twice_gives_the_one_work_order(prescriber, wheelchair):
    token = uuid.uuid4()
    first = make_work_order(prescriber, wheelchair, token=token)
    again = make_work_order(prescriber, wheelchair, token=token, description="Ny")
    assert again == first
    assert WorkOrder.objects.count() == 1
    assert WorkOrder.objects.get().description.startswith("Bromsen")


def test_someone_elses_token_is_refused(prescriber, colleague, wheelchair):
    token = uuid.uuid4()
    make_work_order(prescriber, wheelchair, token=token)
    with pytest.raises(ValidationError, match="redan skickats"):
        make_work_order(colleague, wheelchair, token=token)


def test_a_customer_the_prescriber_may_not_order_for_is_refused(prescriber, wheelchair):
    with pytest.raises(ValidationError, match="ingen behörighet"):
        make_work_order(prescriber, wheelchair, customer=CustomerFactory())
    assert not WorkOrder.objects.exists()


def test_a_returned_aid_gets_no_work_order(prescriber, wheelchair):
    wheelchair.returned_on = date(2026, 1, 2)
    wheelchair.save()
    with pytest.raises(ValidationError, match="återlämnat"):
        make_work_order(prescriber, wheelchair)


@pytest.mark.parametrize("kind", [WorkOrderKind.WITH_ORDER])
def test_the_kind_with_order_needs_an_order_line(prescriber, wheelchair, kind):
    with pytest.raises(ValidationError, match="kopplad till kundorder"):
        make_work_order(prescriber, wheelchair, kind=kind)


def test_a_work_order_on_an_order_line(prescriber):
    line = OrderLineFactory(order=DraftOrderFactory(prescriber=prescriber))
    execute_order(line.order, prescriber)
    line.refresh_from_db()
    work_order = make_work_order(
        prescriber, line.holding, kind=WorkOrderKind.WITH_ORDER, order_line=line
    )
    assert work_order.order_line == line
    assert work_order.individual is None
    with pytest.raises(ValidationError, match="kopplad till kundorder"):
        make_work_order(prescriber, line.holding, order_line=line)


def test_a_description_and_an_address_are_required(prescriber, wheelchair):
    with pytest.raises(ValidationError, match="felbeskrivning"):
        make_work_order(prescriber, wheelchair, description="  ")
    with pytest.raises(ValidationError, match="gatuadress och ort"):
        make_work_order(prescriber, wheelchair, address=("", "", "", "Umeå"))
    assert not WorkOrder.objects.exists()


def test_files_are_stored_with_the_work_order(prescriber, wheelchair, media_root):  # noqa: F811
    photo = upload("foto.png")
    work_order = make_work_order(
        prescriber, wheelchair, files=[(photo, check_attachment(photo))]
    )
    (attached,) = work_order.attachments.all()
    assert attached.original_name == "foto.png"
    assert attached.content_type == "image/png"
    assert attached.file.name.startswith("workorders/")
    assert "foto" not in attached.file.name


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([IN_PROGRESS, COMPLETED], [CANCELLED, IN_PROGRESS, COMPLETED]),
        ([CANCELLED], [IN_PROGRESS, COMPLETED, CANCELLED]),
        ([IN_PROGRESS, CANCELLED], [COMPLETED]),
    ],
)
def test_only_the_allowed_transitions(work_order, staff, path, refused):
    for status in path:
        change_status(work_order, status, staff)
    for status in refused:
        with pytest.raises(ValidationError, match="kan inte gå från"):
            change_status(work_order, status, staff)
    work_order.refresh_from_db()
    assert work_order.status == path[-1]
    assert [c.status for c in work_order.status_changes.all()] == [
        WorkOrderStatus.REGISTERED,
        *path,
    ]


def test_completing_is_refused_before_the_work_started(work_order, staff):
    with pytest.raises(ValidationError):
        change_status(work_order, COMPLETED, staff)
    assert not Message.objects.exists()


def test_completing_tells_the_prescriber_and_the_individuals_history(
    work_order, staff, prescriber
):
    change_status(work_order, IN_PROGRESS, staff)
    assert not Message.objects.exists()
    change_status(work_order, COMPLETED, staff, "Bromsvajern bytt.")
    (message,) = Message.objects.all()
    assert message.recipient == prescriber
    assert message.subject == f"Arbetsorder {work_order.number} är klar"
    assert "Bromsvajern bytt." in message.body
    assert message.about == work_order
    (event,) = work_order.individual.history.all()
    assert event.kind == HistoryKind.REPAIRED
    assert event.person == work_order.person
    assert work_order.number in event.note
    work_order.refresh_from_db()
    assert work_order.completed_at is not None
    assert work_order.status_changes.last().note == "Bromsvajern bytt."


def test_completing_an_aid_without_individual_adds_no_history(prescriber, staff):
    holding = HoldingFactory(customer=prescriber.customers.first())
    work_order = make_work_order(prescriber, holding, kind=WorkOrderKind.ADAPTATION)
    change_status(work_order, IN_PROGRESS, staff)
    change_status(work_order, COMPLETED, staff)
    assert Message.objects.count() == 1


def test_cancelling_tells_the_prescriber_but_adds_no_history(work_order, staff):
    change_status(work_order, CANCELLED, staff, "Dubblett.")
    (message,) = Message.objects.all()
    assert "makulerad" in message.subject
    assert not work_order.individual.history.exists()


@pytest.mark.parametrize("path", [[IN_PROGRESS, COMPLETED], [CANCELLED]])
def test_the_message_links_to_the_work_order(
    client, work_order, prescriber, staff, path
):
    for status in path:
        change_status(work_order, status, staff)

    url = reverse("workorder_detail", args=[work_order.pk])
    assert_message_links_to(client, prescriber, url, work_order.number)


def test_visible_to_the_customers_prescribers_and_staff(
    work_order, colleague, outsider, staff
):
    assert list(WorkOrder.objects.visible_to(colleague)) == [work_order]
    assert list(WorkOrder.objects.visible_to(staff)) == [work_order]
    assert not WorkOrder.objects.visible_to(outsider).exists()
    assert not WorkOrder.objects.visible_to(UserFactory()).exists()

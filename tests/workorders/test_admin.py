"""Customer service's work orders in the admin (F-18): the list with its
filters and search, the page with its history and files, and Påbörja,
Klarmarkera and Makulera through the same services as everywhere."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.choices import HistoryKind
from notices.models import Message
from tests.factories import CustomerFactory, HoldingFactory, UserFactory
from tests.orders.upload_files import upload
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder, WorkOrderAttachment
from workorders.services import change_status

from .conftest import make_work_order

LIST_URL = reverse("admin:workorders_workorder_changelist")


def change_url(work_order):
    return reverse("admin:workorders_workorder_change", args=[work_order.pk])


def step_url(work_order, step):
    return reverse("admin:workorders_workorder_step", args=[work_order.pk, step])


def listed(response):
    return list(response.context["cl"].result_list)


def test_only_staff_reach_the_work_orders(client, prescriber):
    client.force_login(prescriber)
    response = client.get(LIST_URL)
    assert response.status_code == 302


def test_filters_and_search(staff_client, prescriber, staff, work_order, wheelchair):
    other = UserFactory(customers=[CustomerFactory(kundid="47000")])
    adaptation = make_work_order(
        other,
        HoldingFactory(),
        kind=WorkOrderKind.ADAPTATION,
    )
    change_status(adaptation, WorkOrderStatus.IN_PROGRESS, staff)

    assert set(listed(staff_client.get(LIST_URL))) == {work_order, adaptation}
    assert listed(staff_client.get(LIST_URL, {"status": "in_progress"})) == [adaptation]
    assert listed(staff_client.get(LIST_URL, {"kind": "repair"})) == [work_order]
    assert listed(staff_client.get(LIST_URL, {"kundid": "47000"})) == [adaptation]
    assert listed(staff_client.get(LIST_URL, {"q": work_order.number})) == [work_order]
    assert listed(staff_client.get(LIST_URL, {"q": "9999"})) == []


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_query_count_does_not_grow(
    staff_client, prescriber, count, django_assert_max_num_queries
):
    holding = HoldingFactory(customer=prescriber.customers.first())
    for _ in range(count):
        make_work_order(prescriber, holding)
    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST_URL)
    assert len(listed(response)) == count


def test_the_list_and_the_page_log_whose_work_orders_staff_saw(
    staff_client, staff, work_order
):
    staff_client.get(LIST_URL)
    staff_client.get(change_url(work_order))

    assert list(
        AccessLog.objects.order_by("id").values_list(
            "user", "person_id", "action", "object_id"
        )
    ) == [
        (staff.pk, str(work_order.person_id), AccessAction.VIEW, ""),
        (staff.pk, str(work_order.person_id), AccessAction.VIEW, str(work_order.pk)),
    ]


def test_the_page_shows_the_history_and_the_step_buttons(
    staff_client, staff, work_order
):
    text = staff_client.get(change_url(work_order)).text
    assert step_url(work_order, "paborja") in text
    assert step_url(work_order, "makulera") in text
    assert step_url(work_order, "klar") not in text
    assert "Bromsen tar inte på vänster sida." in text

    change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff, "Bokad.")
    text = staff_client.get(change_url(work_order)).text
    assert step_url(work_order, "klar") in text
    assert step_url(work_order, "paborja") not in text
    assert "Bokad." in text


def test_completing_with_a_note(staff_client, staff, prescriber, work_order):
    staff_client.post(step_url(work_order, "paborja"), {"note": ""})
    response = staff_client.post(
        step_url(work_order, "klar"), {"note": "Bromsvajer bytt."}, follow=True
    )
    assert response.redirect_chain[-1][0] == change_url(work_order)
    assert f"Arbetsorder {work_order.number}: klar." in response.text
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED
    message = Message.objects.get(recipient=prescriber)
    assert "Bromsvajer bytt." in message.body
    event = work_order.individual.history.get()
    assert event.kind == HistoryKind.REPAIRED


def test_a_step_not_allowed_is_refused_on_its_page(staff_client, work_order):
    response = staff_client.post(step_url(work_order, "klar"), {"note": ""})
    assert response.status_code == 200
    assert "kan inte gå från registrerad till klar" in response.text
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.REGISTERED
    assert staff_client.get(step_url(work_order, "radera")).status_code == 404


def test_the_actions_move_the_chosen_work_orders(
    staff_client, prescriber, wheelchair, work_order
):
    other = make_work_order(prescriber, wheelchair)
    chosen = {"_selected_action": [work_order.pk, other.pk]}
    staff_client.post(LIST_URL, {"action": "start", **chosen})
    staff_client.post(LIST_URL, {"action": "complete", **chosen})
    assert {w.status for w in WorkOrder.objects.all()} == {WorkOrderStatus.COMPLETED}
    assert Message.objects.count() == 2
    assert wheelchair.individual.history.count() == 2

    response = staff_client.post(LIST_URL, {"action": "cancel", **chosen}, follow=True)
    assert "kan inte gå från klar till makulerad" in response.text
    assert {w.status for w in WorkOrder.objects.all()} == {WorkOrderStatus.COMPLETED}
    assert Message.objects.count() == 2


def change_form(page, **changes):
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
    return data | changes


def new_file_field(page):
    (formset,) = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.extra
    ]
    return f"{formset.prefix}-0-file"


def test_staff_add_a_file_through_the_same_checks(
    staff_client, staff, work_order, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = staff_client.get(change_url(work_order))
    field = new_file_field(page)
    refused = staff_client.post(
        change_url(work_order),
        change_form(page) | {field: upload("ritning.pdf", b"MZ inte pdf")},
    )
    assert "Filen ritning.pdf är inte vad filändelsen säger." in refused.text
    assert not WorkOrderAttachment.objects.exists()

    response = staff_client.post(
        change_url(work_order), change_form(page) | {field: upload("ritning.pdf")}
    )
    assert response.status_code == 302
    attached = WorkOrderAttachment.objects.get()
    assert (attached.original_name, attached.uploaded_by) == ("ritning.pdf", staff)
    assert attached.file.name.startswith("workorders/")


@pytest.mark.parametrize(
    ("day", "registered", "started"),
    [
        # Summer time ends at 01:00 UTC: both 02:30 in Stockholm.
        ((2026, 10, 25), "02:30", "02:30"),
        # Summer time begins at 01:00 UTC: 01:30 then 03:30.
        ((2026, 3, 29), "01:30", "03:30"),
    ],
)
def test_the_history_is_in_local_time_around_the_clock_change(
    client, time_machine, staff, prescriber, wheelchair, day, registered, started
):
    time_machine.move_to(datetime(*day, 0, 30, tzinfo=UTC), tick=False)
    work_order = make_work_order(prescriber, wheelchair)
    time_machine.move_to(datetime(*day, 1, 30, tzinfo=UTC), tick=False)
    change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff, "Bokad.")
    client.force_login(staff)

    text = client.get(change_url(work_order)).text

    date = "{}-{:02}-{:02}".format(*day)
    first, second = work_order.status_changes.all()
    assert str(first) == f"{date} {registered} Registrerad"
    assert str(second) == f"{date} {started} Pågår"
    assert f"{date} {registered} Registrerad" in text
    assert f"{date} {started} Pågår" in text
    for shown in (registered, started):
        assert f"2026 {shown}" in text
    for utc_clock in {"00:30", "01:30"} - {registered, started}:
        assert utc_clock not in text

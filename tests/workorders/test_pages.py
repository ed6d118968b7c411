"""The work order page, its files, Registrerade AO and Arbetsorder (open
ones and search): the customer's prescribers and staff see a work order,
anyone else gets a 404; query counts do not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog
from core.uploads import check_attachment
from tests.aids.recipient_helpers import log_in_caring_for
from tests.factories import HoldingFactory, UserFactory
from tests.orders.upload_files import upload
from workorders.choices import WorkOrderStatus
from workorders.models import WorkOrder, WorkOrderAttachment
from workorders.services import attach_file, change_status

from .conftest import make_work_order


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(work_order, name, user=None):
    file = upload(name)
    return attach_file(
        work_order, file, user or work_order.prescriber, check_attachment(file)
    )


def detail_url(work_order):
    return reverse("workorder_detail", args=[work_order.pk])


@pytest.mark.parametrize("persona", ["prescriber", "colleague", "staff"])
def test_the_customers_prescribers_and_staff_see_the_work_order(
    client, request, work_order, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(detail_url(work_order))
    assert response.status_code == 200
    text = response.text
    assert f"Arbetsorder {work_order.number}" in text
    assert "Reparation AU" in text
    assert "Bromsen tar inte på vänster sida." in text
    assert "I123456" in text
    assert "Registrerad" in text
    assert response.headers["Cache-Control"].startswith("max-age=0")
    assert AccessLog.objects.filter(person_id=str(work_order.person_id)).exists()


def test_someone_elses_work_order_is_a_404(client, outsider, work_order):
    client.force_login(outsider)
    assert client.get(detail_url(work_order)).status_code == 404
    attached = attach(work_order, "foto.png")
    for url in (
        reverse("workorder_attachment", args=[attached.pk]),
        reverse("workorder_add_attachment", args=[work_order.pk]),
    ):
        assert client.post(url).status_code in (404, 405)
        assert client.get(url).status_code in (404, 405)
    assert (
        client.get(reverse("workorder_attachment", args=[attached.pk])).status_code
        == 404
    )


def test_the_status_history_is_shown(client, colleague, staff, work_order):
    change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff, "Tekniker bokad.")
    client.force_login(colleague)
    text = client.get(detail_url(work_order)).text
    assert "Pågår" in text
    assert "Tekniker bokad." in text
    assert "Kundtjänst" in text


def test_files_are_listed_served_and_added(client, colleague, staff, work_order):
    photo = attach(work_order, "foto.png")
    drawing = attach(work_order, "ritning.docx", staff)
    client.force_login(colleague)
    text = client.get(detail_url(work_order)).text
    for attached in (photo, drawing):
        assert reverse("workorder_attachment", args=[attached.pk]) in text
    shown = client.get(reverse("workorder_attachment", args=[photo.pk]))
    assert shown.headers["Content-Disposition"].startswith("inline")
    assert shown.headers["Content-Type"] == "image/png"
    saved = client.get(reverse("workorder_attachment", args=[drawing.pk]))
    assert saved.headers["Content-Disposition"].startswith("attachment")

    response = client.post(
        reverse("workorder_add_attachment", args=[work_order.pk]),
        {"files": [upload("intyg.pdf"), upload("bild.jpg")]},
        follow=True,
    )
    assert "2 fil(er) bifogade." in response.text
    assert work_order.attachments.count() == 4


def test_a_bad_file_is_answered_on_the_page(logged_in, work_order):
    response = logged_in.post(
        reverse("workorder_add_attachment", args=[work_order.pk]),
        {"files": [upload("virus.exe", b"MZ")]},
    )
    assert response.status_code == 200
    assert "Filen virus.exe kan inte bifogas" in response.text
    assert "no-store" in response["Cache-Control"]
    empty = logged_in.post(
        reverse("workorder_add_attachment", args=[work_order.pk]), follow=True
    )
    assert "Välj minst en fil att bifoga." in empty.text
    assert not WorkOrderAttachment.objects.exists()


def test_the_recipients_work_orders_newest_first(
    client, prescriber, colleague, outsider, wheelchair, work_order
):
    later = make_work_order(prescriber, wheelchair, description="Ny dyna.")
    WorkOrder.objects.filter(pk=later.pk).update(
        created_at=timezone.now() + timedelta(minutes=5)
    )
    url = reverse("recipient_workorders", args=[wheelchair.person_id])
    client.force_login(colleague)
    text = client.get(url).text
    assert text.index(later.number) < text.index(work_order.number)
    # The patient opened, but another customer's work orders are not listed.
    log_in_caring_for(client, outsider, wheelchair.person)
    response = client.get(url)
    assert response.status_code == 200
    assert work_order.number not in response.text


def test_open_work_orders_and_search(client, prescriber, colleague, outsider, staff):
    holding = HoldingFactory(customer=prescriber.customers.first())
    mine = make_work_order(prescriber, holding)
    done = make_work_order(prescriber, holding)
    change_status(done, WorkOrderStatus.CANCELLED, staff)
    theirs = make_work_order(colleague, holding)
    index = reverse("workorder_index")

    client.force_login(prescriber)
    page = client.get(index)
    assert list(page.context["open_orders"]) == [mine]

    found = client.get(index, {"q": mine.number[:4]}).context["found"]
    assert set(found) == {mine, done, theirs}
    found = client.get(index, {"q": colleague.last_name}).context["found"]
    assert found == [theirs]
    found = client.get(index, {"q": f"anna {prescriber.last_name.upper()}"})
    assert set(found.context["found"]) == {mine, done}

    client.force_login(outsider)
    response = client.get(index, {"q": mine.number})
    assert response.context["found"] == []
    assert "Ingen arbetsorder hittades." in response.text


def test_a_search_of_nine_digits_is_refused(logged_in):
    response = logged_in.get(reverse("workorder_index"), {"q": "264800011"})
    assert "Ett arbetsordernummer har 8 siffror." in response.text


def test_the_menu_leads_to_arbetsorder(logged_in):
    text = logged_in.get(reverse("start")).text
    assert reverse("workorder_index") in text


def many(prescriber, count):
    holding = HoldingFactory(customer=prescriber.customers.first())
    return [make_work_order(prescriber, holding) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_query_counts_do_not_grow(
    logged_in, prescriber, count, django_assert_max_num_queries
):
    work_orders = many(prescriber, count)
    person = work_orders[0].person_id
    with django_assert_max_num_queries(10):
        index = logged_in.get(
            reverse("workorder_index"), {"q": work_orders[0].number[:4]}
        )
    # One more than the index: the care relationship.
    with django_assert_max_num_queries(11):
        listed = logged_in.get(reverse("recipient_workorders", args=[person]))

    assert len(index.context["open_orders"]) == len(index.context["found"]) == count
    assert len(listed.context["work_orders"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_the_work_order_pages_query_count_does_not_grow(
    logged_in, prescriber, staff, count, django_assert_max_num_queries
):
    (work_order,) = many(prescriber, 1)
    for _ in range(count):
        attach(work_order, "foto.png")
    change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff)
    with django_assert_max_num_queries(11):
        response = logged_in.get(detail_url(work_order))

    assert len(response.context["attachments"]) == count


def test_a_user_without_customers_is_sent_back(client, wheelchair):
    log_in_caring_for(client, UserFactory(), wheelchair.person)
    response = client.get(
        reverse(
            "workorder_new_for_holding", args=[wheelchair.person_id, wheelchair.pk]
        ),
        follow=True,
    )
    assert "Du har ingen kund att beställa för" in response.text

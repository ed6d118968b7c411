"""Customer service's pages of one order in the admin: the order with its
lines and documents, and the actions. Leverera and Ändra leveransdatum are
in test_admin_ship_and_date_pages.py."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from core.uploads import check_attachment
from orders.choices import OrderStatus
from orders.models import OrderAttachment
from orders.services import attach_file, ship_line

from ..factories import (
    ArticleFactory,
    DraftOrderFactory,
    UserFactory,
)
from .admin_helpers import change_url, date_url, registered_order, ship_url
from .upload_files import upload

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def test_other_users_are_sent_to_the_admin_login(client, prescriber):
    order = registered_order(prescriber)
    client.force_login(prescriber)

    for url in (change_url(order), ship_url(order), date_url(order.lines.get())):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.usefixtures("media_root")
def test_the_order_page_shows_lines_documents_and_the_ship_button(
    staff_client,
    prescriber,
):
    marked = ArticleFactory(individually_marked=True)
    order = registered_order(prescriber, (ArticleFactory(), 2, 5), (marked, 1, 1))
    ship_line(order.lines.get(article=marked), 1, prescriber, "N-1")
    file = upload("remiss.pdf")
    attachment = attach_file(order, file, prescriber, check_attachment(file))

    response = staff_client.get(change_url(order))

    assert response.status_code == 200
    text = response.text
    assert marked.article_no in text
    assert "N-1" in text
    assert reverse("order_attachment", args=[attachment.pk]) in text
    assert "remiss.pdf" in text
    assert ship_url(order) in text
    assert date_url(order.lines.get(position=1)) in text
    assert date_url(order.lines.get(position=2)) not in text
    assert order.person.personnummer not in text


@pytest.mark.parametrize("count", [1, 20])
def test_the_order_page_costs_the_same_for_many_lines(
    staff_client, prescriber, count, django_assert_max_num_queries
):
    order = registered_order(
        prescriber, *[(ArticleFactory(), 1, 5) for _ in range(count)]
    )

    # Session and user, the order, its recipient, the access log, whether
    # lines are open, the lines, the documents, the read-only fields'
    # objects (5).
    with django_assert_max_num_queries(15):
        response = staff_client.get(change_url(order))

    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][0].forms) == count


def test_the_order_page_logs_whose_order_staff_saw(staff_client, staff, prescriber):
    order = registered_order(prescriber)

    staff_client.get(change_url(order))

    entry = AccessLog.objects.get()
    assert (entry.user, entry.person_id, entry.action) == (
        staff,
        str(order.person.pk),
        AccessAction.VIEW,
    )


def test_a_delivered_order_has_no_ship_button(staff_client, prescriber, staff):
    order = registered_order(prescriber)
    ship_line(order.lines.get(), 1, staff)

    response = staff_client.get(change_url(order))

    assert ship_url(order) not in response.text


def test_drafts_are_not_in_the_admin(staff_client, prescriber):
    draft = DraftOrderFactory(prescriber=prescriber)

    response = staff_client.get(change_url(draft))

    assert response.status_code == 302
    assert staff_client.get(ship_url(draft)).status_code == 404


def change_form(response, **changes):
    """What the order page posts: its editable fields and the inlines'
    management forms, no new documents."""
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
    return data | changes


def test_staff_correct_the_delivery_details(staff_client, prescriber):
    order = registered_order(prescriber)
    page = staff_client.get(change_url(order))

    response = staff_client.post(
        change_url(order), change_form(page, door_code="4321", number="99999999")
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.door_code == "4321"
    assert order.number != "99999999"


@pytest.mark.usefixtures("media_root")
def test_staff_add_a_document_through_the_same_checks(
    staff_client,
    staff,
    prescriber,
):
    order = registered_order(prescriber)
    page = staff_client.get(change_url(order))
    data = change_form(page)

    response = staff_client.post(
        change_url(order), data | {"attachments-2-0-file": upload("intyg.pdf")}
    )

    assert response.status_code == 302
    attachment = OrderAttachment.objects.get()
    assert (attachment.original_name, attachment.uploaded_by) == ("intyg.pdf", staff)
    assert attachment.content_type == "application/pdf"
    assert "intyg" not in attachment.file.name


@pytest.mark.usefixtures("media_root")
def test_a_false_document_is_refused(staff_client, prescriber):
    order = registered_order(prescriber)
    data = change_form(staff_client.get(change_url(order)))

    response = staff_client.post(
        change_url(order),
        data | {"attachments-2-0-file": upload("intyg.pdf", b"MZ not a pdf")},
    )

    assert response.status_code == 200
    assert "Filen intyg.pdf är inte vad filändelsen säger." in response.text
    assert not OrderAttachment.objects.exists()


def run_action(client, action, *orders):
    return client.post(
        reverse("admin:orders_order_changelist"),
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [order.pk for order in orders],
        },
        follow=True,
    )


def test_the_pick_action_picks_every_open_line(staff_client, prescriber, staff):
    first = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 1, 5)
    )
    second = registered_order(prescriber)
    untouched = registered_order(prescriber)

    response = run_action(staff_client, "mark_picked", first, second)

    assert "3 rader markerade som plockade." in response.text
    for order in (first, second):
        order.refresh_from_db()
        assert order.status == OrderStatus.PICKED
    untouched.refresh_from_db()
    assert untouched.status == OrderStatus.REGISTERED


def test_the_cancel_action_cancels_only_what_may_be(staff_client, prescriber, staff):
    open_order = registered_order(prescriber)
    started = registered_order(prescriber)
    ship_line(started.lines.get(), 1, staff)

    response = run_action(staff_client, "cancel", open_order, started)

    open_order.refresh_from_db()
    started.refresh_from_db()
    assert open_order.status == OrderStatus.CANCELLED
    assert open_order.cancelled_by == staff
    assert started.status == OrderStatus.DELIVERED
    assert f"Order {open_order.number} är makulerad." in response.text
    assert f"{started.number}: Ordern kan inte makuleras" in response.text


def test_the_line_list_finds_lines_by_order_number(
    staff_client, prescriber, django_assert_max_num_queries
):
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 1, 5)
    )
    registered_order(UserFactory(customers=[order.customer]))

    with django_assert_max_num_queries(8):
        response = staff_client.get(
            reverse("admin:orders_orderline_changelist"), {"q": order.number}
        )

    assert set(response.context["cl"].result_list) == set(order.lines.all())
    assert change_url(order) in response.text

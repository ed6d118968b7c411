"""Serving an attached file: only to those who may see its order, shown in
the browser only when it is a PDF or an image, under its own name."""

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from orders.services import execute_order

from ..aids.recipient_helpers import views_logged
from ..factories import CustomerFactory, DraftOrderFactory
from .delivery_helpers import draft_with_lines
from .upload_files import PDF, attach, content


@pytest.fixture
def draft(prescriber, media_root):
    return draft_with_lines(prescriber)


def fetch(client, user, attached):
    client.force_login(user)
    return client.get(reverse("order_attachment", args=[attached.pk]))


def test_a_pdf_is_shown_in_the_browser_under_its_name(client, prescriber, draft):
    attached = attach(draft, "remiss.pdf")

    response = fetch(client, prescriber, attached)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="remiss.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["intyg.docx", "intyg.doc"])
def test_a_word_file_is_downloaded(client, prescriber, draft, name):
    attached = attach(draft, name)

    response = fetch(client, prescriber, attached)

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == attached.content_type
    extension = name.rsplit(".", 1)[1]
    assert b"".join(response.streaming_content) == content(extension)


def test_a_swedish_file_name_is_kept(client, prescriber, draft):
    attached = attach(draft, "Läkarintyg åäö.png")

    response = fetch(client, prescriber, attached)

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert (
        "L%C3%A4karintyg%20%C3%A5%C3%A4%C3%B6.png" in (response["Content-Disposition"])
    )


def test_fetching_a_patients_file_is_logged(client, prescriber, draft):
    attached = attach(draft, "remiss.pdf")

    fetch(client, prescriber, attached)

    logged = views_logged(draft.person).get()
    assert (logged.user, logged.object_id) == (prescriber, str(attached.pk))


def test_a_care_units_file_is_not_logged_as_a_patients(client, prescriber, media_root):
    order = DraftOrderFactory(
        prescriber=prescriber, person=None, care_unit=CustomerFactory()
    )
    attached = attach(order, "remiss.pdf")

    response = fetch(client, prescriber, attached)

    assert response.status_code == 200
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("user", ["colleague", "outsider"])
def test_a_drafts_file_is_only_for_its_prescriber(client, request, draft, user):
    attached = attach(draft, "remiss.pdf")

    response = fetch(client, request.getfixturevalue(user), attached)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("user", "status"), [("colleague", 200), ("staff", 200), ("outsider", 404)]
)
def test_an_orders_file_is_for_the_customers_prescribers_and_staff(
    client, request, prescriber, draft, user, status
):
    attached = attach(draft, "remiss.pdf")
    execute_order(draft, prescriber)

    response = fetch(client, request.getfixturevalue(user), attached)

    assert response.status_code == status


def test_staff_may_read_a_drafts_file(client, staff, draft):
    attached = attach(draft, "remiss.pdf")

    assert fetch(client, staff, attached).status_code == 200


def test_a_file_missing_on_disk_is_not_found(client, prescriber, draft, media_root):
    attached = attach(draft, "remiss.pdf")
    (media_root / attached.file.name).unlink()

    response = fetch(client, prescriber, attached)

    assert response.status_code == 404


def test_an_unknown_id_is_not_found(client, prescriber, db):
    client.force_login(prescriber)

    response = client.get(
        reverse("order_attachment", args=["00000000-0000-0000-0000-000000000000"])
    )

    assert response.status_code == 404

"""The consultant's side in the admin: the list, the request's page with
its files, and Bevilja, Avslå and Använd i stället through the service;
only staff with the permission decide_outsiderequest decide."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import AccessLog
from notices.models import Message
from orders.services import add_line, execute_order
from outside_assortment.choices import RequestStatus
from outside_assortment.services import decide
from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    PersonFactory,
    UserFactory,
)

from .helpers import make_request

LIST_URL = reverse("admin:outside_assortment_outsiderequest_changelist")


def change_url(outside_request):
    return reverse(
        "admin:outside_assortment_outsiderequest_change", args=[outside_request.pk]
    )


def decide_url(outside_request, step):
    return reverse(
        "admin:outside_assortment_outsiderequest_decide",
        args=[outside_request.pk, step],
    )


def test_the_list_and_search_log_the_patients(
    staff_client, prescriber, outside_request, person
):
    other = make_request(prescriber, PersonFactory(), description="Specialsits")
    listed = staff_client.get(LIST_URL).context["cl"].result_list
    assert set(listed) == {outside_request, other}
    found = staff_client.get(LIST_URL, {"q": outside_request.number})
    assert list(found.context["cl"].result_list) == [outside_request]
    assert AccessLog.objects.filter(person_id=str(person.pk)).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_reads_a_constant_number_of_queries(
    staff_client, prescriber, bath_lift, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_request(prescriber, PersonFactory(), article=bath_lift)
    with django_assert_max_num_queries(16):
        staff_client.get(LIST_URL)


def test_the_page_offers_the_decisions(staff_client, outside_request):
    page = staff_client.get(change_url(outside_request))
    for step in ("bevilja", "avsla", "i-stallet"):
        assert decide_url(outside_request, step) in page.text
    assert "Badkarets kant" in page.text


def test_granting_messages_the_prescriber(
    staff_client, staff, prescriber, outside_request
):
    response = staff_client.post(
        decide_url(outside_request, "bevilja"), {"note": "Beviljas."}
    )
    assert response.url == change_url(outside_request)
    outside_request.refresh_from_db()
    assert outside_request.status == RequestStatus.GRANTED
    assert outside_request.decided_by == staff
    assert Message.objects.get(recipient=prescriber).body.endswith("Beviljas.")
    # Decided once: the buttons are gone.
    page = staff_client.get(change_url(outside_request))
    assert decide_url(outside_request, "avsla") not in page.text


def test_a_refusal_without_a_reason_is_answered_next_to_the_field(
    staff_client, outside_request
):
    response = staff_client.post(decide_url(outside_request, "avsla"), {"note": ""})
    assert response.status_code == 200
    assert "Skriv varför begäran avslås." in response.text
    outside_request.refresh_from_db()
    assert outside_request.status == RequestStatus.SUBMITTED


def test_instead_takes_an_article_in_the_assortment(staff_client, outside_request):
    response = staff_client.post(
        decide_url(outside_request, "i-stallet"), {"article_no": "55555", "note": ""}
    )
    assert "Välj en artikel i sortimentet" in response.text
    rollator = ArticleFactory(article_no="17940")
    staff_client.post(
        decide_url(outside_request, "i-stallet"), {"article_no": "17940", "note": ""}
    )
    outside_request.refresh_from_db()
    assert (outside_request.status, outside_request.instead) == (
        RequestStatus.INSTEAD,
        rollator,
    )


def test_granting_a_described_article_asks_for_it(
    staff_client, prescriber, person, bath_lift
):
    described = make_request(prescriber, person, description="En badkarslyft")
    page = staff_client.get(decide_url(described, "bevilja"))
    assert "Beviljad artikel" in page.text
    response = staff_client.post(decide_url(described, "bevilja"), {"article_no": ""})
    assert "Ange artikelnummer." in response.text
    staff_client.post(decide_url(described, "bevilja"), {"article_no": "55555"})
    described.refresh_from_db()
    assert described.article == bath_lift


def test_staff_without_the_permission_do_not_decide(client, outside_request):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_outsiderequest"))
    client.force_login(reader)
    page = client.get(change_url(outside_request))
    assert page.status_code == 200
    assert decide_url(outside_request, "bevilja") not in page.text
    response = client.post(decide_url(outside_request, "bevilja"), {"note": ""})
    assert response.status_code == 403
    outside_request.refresh_from_db()
    assert outside_request.status == RequestStatus.SUBMITTED


def test_the_order_line_shows_its_request_to_customer_service(
    staff_client, staff, prescriber, person, outside_request, bath_lift
):
    decide(outside_request, RequestStatus.GRANTED, staff)
    draft = DraftOrderFactory(prescriber=prescriber, person=person)
    add_line(draft, bath_lift)
    order = execute_order(draft, prescriber)
    page = staff_client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert outside_request.number in page.text
    assert change_url(outside_request) in page.text

"""The public pages through the test client: the form, the manager's link
page for each outcome, and no word about whether an account exists."""

from datetime import timedelta

import pytest
from django.urls import reverse

from access_requests.choices import RequestStatus
from access_requests.models import AccessRequest
from tests.factories import UserFactory

from .helpers import application_data, link_token

APPLY = reverse("access_request")
SUBMITTED = reverse("access_request_submitted")
CUSTOMERS = reverse("access_request_customers")


def decide_url(token):
    return reverse("access_request_decide", kwargs={"token": token})


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(APPLY, data, **extra)

    return send


def test_the_login_page_links_to_the_form(client, db):
    page = client.get(reverse("login"))
    assert APPLY in page.text
    assert "Ansök om behörighet" in page.text


def test_the_form_is_open_without_login(client, db):
    page = client.get(APPLY)
    assert page.status_code == 200
    assert "Chefens e-postadress" in page.text


def test_submitting_mails_the_manager(post, customers, mailoutbox):
    response = post(application_data(customers))
    assert response.url == SUBMITTED
    [mail] = mailoutbox
    assert mail.to == ["chef@region.se"]
    application = AccessRequest.objects.get()
    assert application.created_ip == "127.0.0.1"
    assert application.customers.count() == 2


def test_a_double_submit_makes_one_application(post, customers, mailoutbox):
    data = application_data(customers)
    post(data)
    assert post(data).url == SUBMITTED
    assert AccessRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, post, customers, mailoutbox
):
    """No enumeration: the same redirect and the same page, a mail to the
    manager either way; customer service sees the existing account."""
    without = post(application_data(customers, email="ny@region.se"))
    UserFactory(email="finns@region.se")
    with_account = post(application_data(customers, email="finns@region.se"))
    assert without.status_code == with_account.status_code == 302
    assert without.url == with_account.url == SUBMITTED
    assert len(mailoutbox) == 2
    assert "Ansökan är skickad" in client.get(SUBMITTED).text


def test_errors_are_swedish_and_keep_what_was_typed(post, customers):
    data = application_data(
        customers[:1], email="inte-en-adress", manager_email="", phone=""
    )
    page = post(data)
    assert page.status_code == 200
    assert "Ansökan är inte skickad" in page.text
    assert "Ange en giltig e-postadress" in page.text
    assert "Ange din chefs e-postadress." in page.text
    assert "Ange ditt telefonnummer i arbetet." in page.text
    assert 'value="inte-en-adress"' in page.text
    assert 'value="Arbetsterapeut"' in page.text
    # The chosen customer stays chosen.
    assert 'value="24001" id="chosen_24001" checked' in page.text
    assert not AccessRequest.objects.exists()


def test_a_customer_must_be_chosen(post, customers):
    page = post(application_data([]))
    assert "Välj minst en kund" in page.text


def test_the_manager_is_not_the_applicant(post, customers):
    page = post(application_data(customers, manager_email="Ada.Lind@region.se"))
    assert "inte din egen" in page.text


def test_sok_kund_without_javascript_keeps_the_form(post, customers):
    data = application_data(customers[:1], customer_search="holmsund", search="1")
    page = post(data)
    assert page.status_code == 200
    assert 'value="24001" id="chosen_24001" checked' in page.text
    assert 'id="hit_24002"' in page.text
    assert f'value="{data["token"]}"' in page.text
    assert 'value="ada.lind@region.se"' in page.text
    # A search is no attempt to submit: no errors, nothing sent.
    assert "Ansökan är inte skickad" not in page.text
    assert not AccessRequest.objects.exists()


def test_the_search_for_htmx_finds_by_name_and_kundid(client, customers):
    page = client.get(CUSTOMERS, {"customer_search": "alidhem"})
    assert 'id="hit_24001"' in page.text
    assert 'id="hit_24002"' not in page.text
    page = client.get(CUSTOMERS, {"customer_search": "24002", "customers": "24001"})
    assert 'id="chosen_24001"' in page.text
    assert 'id="hit_24002"' in page.text
    assert "Ingen kund matchar" in client.get(CUSTOMERS, {"customer_search": "x"}).text


def test_too_many_submits_are_refused_with_the_form_kept(
    post, customers, settings, mailoutbox
):
    settings.ACCESS_REQUEST_LIMIT_PER_IP = 1
    post(application_data(customers, email="forsta@region.se"))
    page = post(application_data(customers, email="andra@region.se"))
    assert page.status_code == 429
    assert "för många ansökningar" in page.text
    assert 'value="andra@region.se"' in page.text
    assert AccessRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_manager_sees_the_application_without_login(client, token):
    page = client.get(decide_url(token))
    assert page.status_code == 200
    assert "Ada Lind" in page.text
    assert "24002 Hemsjukvård Holmsund" in page.text
    assert "no-store" in page["Cache-Control"]
    # Reading the page decided nothing.
    assert AccessRequest.objects.get().status == RequestStatus.SUBMITTED


def test_the_manager_approves(client, token):
    page = client.post(
        decide_url(token),
        {"decision": "godkann", "note": "Välkommen"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert page.status_code == 200
    assert "Du har godkänt ansökan från Ada Lind" in page.text
    application = AccessRequest.objects.get()
    assert application.status == RequestStatus.APPROVED
    assert application.decided_ip == "192.0.2.7"
    assert application.decision_note == "Välkommen"


def test_the_manager_rejects(client, token):
    page = client.post(decide_url(token), {"decision": "avsla"})
    assert "Du har avslagit ansökan" in page.text
    assert AccessRequest.objects.get().status == RequestStatus.REJECTED


def test_a_reused_link_gets_a_clear_page(client, token):
    client.post(decide_url(token), {"decision": "avsla"})
    for again in (
        client.get(decide_url(token)),
        client.post(decide_url(token), {"decision": "godkann"}),
    ):
        assert again.status_code == 410
        assert "Länken har redan använts: ansökan avslogs" in again.text
    assert AccessRequest.objects.get().status == RequestStatus.REJECTED


def test_an_expired_link_gets_a_clear_page(
    wednesday_morning, client, token, time_machine, settings
):
    time_machine.shift(timedelta(days=settings.ACCESS_REQUEST_LINK_DAYS, seconds=1))
    for response in (
        client.get(decide_url(token)),
        client.post(decide_url(token), {"decision": "godkann"}),
    ):
        assert response.status_code == 410
        assert "Länken har slutat gälla" in response.text
    assert AccessRequest.objects.get().status == RequestStatus.SUBMITTED


def test_a_wrong_link_is_not_found(client, db):
    response = client.get(decide_url("fel"))
    assert response.status_code == 404
    assert "Länken är felaktig" in response.text


def test_a_decision_needs_a_button(client, token):
    response = client.post(decide_url(token), {"decision": "kanske"})
    assert response.status_code == 400
    assert AccessRequest.objects.get().status == RequestStatus.SUBMITTED


def test_the_mailed_link_opens_the_page(client, application, mailoutbox):
    [mail] = mailoutbox
    assert client.get(decide_url(link_token(mail))).status_code == 200


def test_a_search_the_form_refuses_searches_nothing(client, customers):
    page = client.get(CUSTOMERS, {"customer_search": "hemtjänst " * 20})
    assert page.status_code == 200
    assert "hit_" not in page.text

"""Borttappat hjälpmedel in the admin: customer service lists the reports by
status, reads one (the patient access-logged), and confirms or rejects it,
with an answer or as a list action, through the services."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids import services
from aids.choices import LostReportStatus
from notices.models import Message
from tests.factories import HoldingFactory, PersonFactory

from .lost_helpers import DELIVERED, report

pytestmark = pytest.mark.usefixtures("wednesday_morning")

LIST_URL = reverse("admin:aids_lostreport_changelist")


def change_url(lost):
    return reverse("admin:aids_lostreport_change", args=[lost.pk])


def decide_url(lost, decision):
    return reverse("admin:aids_lostreport_decide", args=[lost.pk, decision])


def listed(response):
    return list(response.context["cl"].result_list)


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karin", last_name="Berg")


@pytest.fixture
def lost(person, prescriber, customer):
    holding = HoldingFactory(
        person=person,
        article__article_no="17950",
        article__name="Rullstol Etac",
        delivered_on=DELIVERED,
    )
    return report(holding, prescriber, customer)


def test_only_staff_reach_the_reports(client, prescriber):
    client.force_login(prescriber)

    assert client.get(LIST_URL).status_code == 302


def test_the_list_filters_by_status_and_searches_the_number(
    staff_client, staff, lost, prescriber, customer
):
    other = report(HoldingFactory(delivered_on=DELIVERED), prescriber, customer)
    services.reject_lost(staff, other)

    assert set(listed(staff_client.get(LIST_URL))) == {lost, other}
    assert listed(staff_client.get(LIST_URL, {"status__exact": "reported"})) == [lost]
    assert listed(staff_client.get(LIST_URL, {"status__exact": "rejected"})) == [other]
    assert listed(staff_client.get(LIST_URL, {"q": lost.number})) == [lost]


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_query_count_does_not_grow(
    staff_client, prescriber, customer, count, django_assert_max_num_queries
):
    for _ in range(count):
        report(HoldingFactory(delivered_on=DELIVERED), prescriber, customer)

    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST_URL)

    assert len(listed(response)) == count


def test_the_list_and_the_page_log_the_patient(staff_client, staff, lost, person):
    response = staff_client.get(LIST_URL)
    assert "Karin Berg" in response.text
    page = staff_client.get(change_url(lost))
    assert "Glömd på bussen." in page.text
    assert "17950 Rullstol Etac" in page.text

    logged = AccessLog.objects.filter(person_id=str(person.pk), user=staff)
    assert logged.count() == 2
    assert set(logged.values_list("action", flat=True)) == {AccessAction.VIEW}


def test_a_reported_case_offers_both_decisions_a_decided_none(
    staff_client, staff, lost
):
    text = staff_client.get(change_url(lost)).text
    assert f'href="{decide_url(lost, "bekrafta")}"' in text
    assert f'href="{decide_url(lost, "avsla")}"' in text

    services.confirm_lost(staff, lost)
    text = staff_client.get(change_url(lost)).text
    assert decide_url(lost, "bekrafta") not in text
    assert decide_url(lost, "avsla") not in text


def test_confirming_with_an_answer(staff_client, staff, lost, prescriber):
    page = staff_client.get(decide_url(lost, "bekrafta"))
    assert page.status_code == 200
    assert "Rullstol Etac" in page.text

    response = staff_client.post(
        decide_url(lost, "bekrafta"), {"answer": "Ersätts enligt avtal."}
    )

    assert response["Location"] == change_url(lost)
    lost.refresh_from_db()
    assert lost.status == LostReportStatus.CONFIRMED
    assert (lost.handled_by, lost.answer) == (staff, "Ersätts enligt avtal.")
    assert "Ersätts enligt avtal." in Message.objects.get(recipient=prescriber).body


def test_rejecting_restores_the_aid(staff_client, staff, lost, prescriber):
    staff_client.post(decide_url(lost, "avsla"), {"answer": "Finns på boendet."})

    lost.refresh_from_db()
    lost.holding.refresh_from_db()
    assert lost.status == LostReportStatus.REJECTED
    assert lost.holding.lost_on is None
    assert Message.objects.get(recipient=prescriber).subject.endswith("avslaget")


def test_a_decision_not_allowed_is_answered_on_the_page(staff_client, staff, lost):
    services.reject_lost(staff, lost)

    response = staff_client.post(decide_url(lost, "bekrafta"), {"answer": ""})

    assert response.status_code == 200
    assert f"Ärende {lost.number} är avslagen och kan inte bli bekräftad." in (
        response.text
    )


def test_an_unknown_decision_or_report_is_404(staff_client, lost):
    assert staff_client.get(decide_url(lost, "radera")).status_code == 404
    url = reverse(
        "admin:aids_lostreport_decide",
        args=["5bd4c5d6-3a83-4bd3-9b7e-8c1c6b0f2a11", "bekrafta"],
    )
    assert staff_client.get(url).status_code == 404


def test_the_actions_decide_many_and_tell_which_could_not_be(
    staff_client, staff, lost, prescriber, customer
):
    other = report(HoldingFactory(delivered_on=DELIVERED), prescriber, customer)
    services.reject_lost(staff, other)

    response = staff_client.post(
        LIST_URL,
        {"action": "confirm", "_selected_action": [lost.pk, other.pk]},
        follow=True,
    )

    lost.refresh_from_db()
    other.refresh_from_db()
    assert lost.status == LostReportStatus.CONFIRMED
    assert other.status == LostReportStatus.REJECTED
    text = response.text
    assert f"Borttappat {lost.number}: bekräftad." in text
    assert f"{other.number}: Ärende {other.number} är avslagen" in text
    assert lost.holding.lost_on == date(2026, 3, 2)

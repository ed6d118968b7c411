"""Borttappat hjälpmedel, the prescriber's pages: Anmäl borttappat from a
held aid on the recipient's aids page and the aid's page, bad input
answered next to the field with everything kept, Verkställ twice makes one
report, the receipt with the case number and status (another customer's is
404), Anmäl återfunnet, and "Anmält borttappat" in the aids list."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.choices import AccessAction
from aids import services
from aids.choices import LostReportStatus
from aids.models import Holding, LostReport
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    UserFactory,
)
from tests.notices.message_helpers import assert_message_links_to

from .lost_helpers import DELIVERED, report
from .recipient_helpers import aids_url, log_in_caring_for, views_logged

pytestmark = pytest.mark.usefixtures("wednesday_morning")


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karin", last_name="Berg")


@pytest.fixture
def wheelchair(person, customer, prescriber):
    article = ArticleFactory(
        article_no="17950", name="Rullstol Etac", individually_marked=True
    )
    return HoldingFactory(
        person=person,
        article=article,
        individual=IndividualFactory(individual_no="I123456", article=article),
        customer=customer,
        prescriber=prescriber,
        delivered_on=DELIVERED,
    )


@pytest.fixture
def logged_in(client, prescriber, person):
    log_in_caring_for(client, prescriber, person)
    return client


def new_url(holding):
    return reverse("lost_report_new", args=[str(holding.person_id), holding.pk])


DATA = {
    "lost_on": "2026-03-02",
    "circumstances": "Glömd på bussen linje 8.",
    "police_report_no": "5000-K123",
}


def test_the_aids_list_leaves_reporting_to_the_aids_own_page(
    logged_in, person, wheelchair
):
    text = logged_in.get(aids_url(person.pk)).text

    assert ">Borttappat</th>" in text
    assert new_url(wheelchair) not in text
    assert "Anmäl borttappat" not in text


def test_the_aids_page_links_to_the_form(logged_in, person, wheelchair):
    text = logged_in.get(aids_url(person.pk, "recipient_holding", wheelchair.pk)).text

    assert f'href="{new_url(wheelchair)}"' in text


def test_the_form_shows_the_aid_and_logs_the_view(logged_in, person, wheelchair):
    response = logged_in.get(new_url(wheelchair))

    assert response.status_code == 200
    assert "Rullstol Etac" in response.text and "I123456" in response.text
    assert 'value="2026-03-04"' in response.text  # today proposed
    assert views_logged(person).filter(object_id=str(wheelchair.pk)).exists()
    assert "no-store" in response["Cache-Control"]


def test_verkstall_reports_it_and_shows_the_receipt(
    logged_in, person, wheelchair, prescriber, customer
):
    response = logged_in.post(new_url(wheelchair), DATA, follow=True)

    lost = LostReport.objects.get()
    assert response.redirect_chain == [(lost.get_absolute_url(), 302)]
    assert (lost.customer, lost.reported_by) == (customer, prescriber)
    assert lost.police_report_no == "5000-K123"
    text = response.text
    assert f"Hjälpmedlet är anmält borttappat med ärendenummer {lost.number}." in text
    assert f"<h1>Borttappat hjälpmedel {lost.number}</h1>" in text
    assert "Anmäld" in text and "2026-03-02" in text
    assert "Glömd på bussen linje 8." in text
    assert "Anmäl återfunnet" in text
    wheelchair.refresh_from_db()
    assert wheelchair.lost_on == date(2026, 3, 2)
    entry = views_logged(person).filter(object_id=str(lost.pk)).get()
    assert entry.customer_id == customer.pk


def test_the_list_shows_the_aid_reported_lost(
    logged_in, person, wheelchair, prescriber, customer
):
    lost = report(wheelchair, prescriber, customer)

    text = logged_in.get(aids_url(person.pk)).text

    assert f'<a href="{lost.get_absolute_url()}">Anmält borttappat</a>' in text
    assert new_url(wheelchair) not in text


def test_the_aids_page_links_to_the_open_report(
    logged_in, person, wheelchair, prescriber, customer
):
    lost = report(wheelchair, prescriber, customer)

    text = logged_in.get(aids_url(person.pk, "recipient_holding", wheelchair.pk)).text

    assert f"Anmält borttappat, ärende {lost.number}" in text
    assert new_url(wheelchair) not in text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"lost_on": ""}, "lost_on", "Ange datum då hjälpmedlet tappades bort."),
        ({"lost_on": "2026-02-30"}, "lost_on", "Ange ett giltigt datum"),
        (
            {"lost_on": "2026-03-05"},
            "lost_on",
            "Datumet kan inte vara senare än i dag.",
        ),
        (
            {"lost_on": "2026-02-01"},
            "lost_on",
            "Datumet kan inte vara före leveransdatum 2026-02-02.",
        ),
        ({"circumstances": ""}, "circumstances", "Beskriv omständigheterna."),
        ({"circumstances": "   "}, "circumstances", "Beskriv omständigheterna."),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    logged_in, wheelchair, fields, field, message
):
    response = logged_in.post(new_url(wheelchair), {**DATA, **fields})

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    assert message in response.text
    assert "5000-K123" in response.text
    assert "Glömd på bussen linje 8." in response.text or field == "circumstances"
    assert not LostReport.objects.exists()


def test_verkstall_twice_makes_one_report(logged_in, wheelchair):
    first = logged_in.post(new_url(wheelchair), DATA)
    second = logged_in.post(new_url(wheelchair), DATA)

    lost = LostReport.objects.get()
    assert first["Location"] == second["Location"] == lost.get_absolute_url()


def test_with_several_customers_the_customer_is_chosen(client, person, wheelchair):
    other = CustomerFactory(name="Hemtjänst Söder")
    user = UserFactory(customers=[other, CustomerFactory(name="Hemtjänst Norr")])
    log_in_caring_for(client, user, person)

    response = client.post(new_url(wheelchair), DATA)
    assert "Välj kund." in response.text
    response = client.post(
        new_url(wheelchair), {**DATA, "customer": CustomerFactory().pk}
    )
    assert "Välj en av dina kunder i listan." in response.text
    assert not LostReport.objects.exists()

    client.post(new_url(wheelchair), {**DATA, "customer": other.pk})
    assert LostReport.objects.get().customer == other


@pytest.mark.parametrize(
    "fields",
    [{"delivered_on": None}, {"returned_on": date(2026, 3, 1)}],
    ids=["not delivered", "returned"],
)
def test_an_aid_not_held_has_no_form(logged_in, person, fields):
    holding = HoldingFactory(person=person, **fields)

    assert logged_in.get(new_url(holding)).status_code == 404


def test_another_recipients_aid_is_404(logged_in, person, wheelchair):
    other = HoldingFactory(delivered_on=DELIVERED)
    url = reverse("lost_report_new", args=[str(person.pk), other.pk])

    assert logged_in.get(url).status_code == 404


def test_another_customers_receipt_is_404(
    client, outsider, person, wheelchair, prescriber, customer
):
    lost = report(wheelchair, prescriber, customer)
    log_in_caring_for(client, outsider, person)

    assert client.get(lost.get_absolute_url()).status_code == 404
    assert (
        client.post(lost.get_absolute_url(), {"found_on": "2026-03-04"}).status_code
        == 404
    )
    lost.refresh_from_db()
    assert lost.status == LostReportStatus.REPORTED


def test_a_colleague_and_staff_read_the_receipt(
    client, colleague, staff, wheelchair, prescriber, customer
):
    lost = report(wheelchair, prescriber, customer)

    for user in (colleague, staff):
        client.force_login(user)
        assert client.get(lost.get_absolute_url()).status_code == 200


def test_anmal_aterfunnet_restores_the_aid(logged_in, wheelchair, prescriber, customer):
    lost = report(wheelchair, prescriber, customer)

    response = logged_in.post(
        lost.get_absolute_url(), {"found_on": "2026-03-03"}, follow=True
    )

    lost.refresh_from_db()
    wheelchair.refresh_from_db()
    assert lost.status == LostReportStatus.FOUND
    assert wheelchair.lost_on is None
    assert f"Hjälpmedlet är anmält återfunnet (ärende {lost.number})." in response.text
    assert "Återfunnen" in response.text
    assert 'id="found-heading"' not in response.text
    # Sent twice: the case as it stands.
    again = logged_in.post(lost.get_absolute_url(), {"found_on": "2026-03-03"})
    assert again["Location"] == lost.get_absolute_url()


def test_a_bad_found_date_is_answered_next_to_the_field(
    logged_in, wheelchair, prescriber, customer
):
    lost = report(wheelchair, prescriber, customer)

    response = logged_in.post(lost.get_absolute_url(), {"found_on": "2026-03-01"})

    assert response.status_code == 200
    message = "Datumet kan inte vara före datumet då det tappades bort, 2026-03-02."
    assert response.context["found_form"].errors["found_on"] == [message]
    assert 'value="2026-03-01"' in response.text
    lost.refresh_from_db()
    assert lost.status == LostReportStatus.REPORTED


def test_a_rejected_report_offers_no_found_form(
    logged_in, wheelchair, prescriber, customer, staff
):
    lost = report(wheelchair, prescriber, customer)
    services.reject_lost(staff, lost, answer="Finns på boendet.")

    text = logged_in.get(lost.get_absolute_url()).text

    assert "Avslagen" in text and "Finns på boendet." in text
    assert "Anmäl återfunnet" not in text
    assert views_logged(wheelchair.person, AccessAction.VIEW).exists()


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_reads_the_reports_in_its_one_query(
    client, prescriber, customer, person, count, django_assert_num_queries
):
    article = ArticleFactory(individually_marked=True)
    holdings = Holding.objects.bulk_create(
        Holding(
            person=person,
            article=article,
            individual=IndividualFactory(article=article),
            delivered_on=DELIVERED,
            lost_on=date(2026, 3, 2) if index % 2 else None,
        )
        for index in range(count)
    )
    LostReport.objects.bulk_create(
        LostReport(
            number=f"BH2610{index:04d}",
            holding=holding,
            customer=customer,
            lost_on=holding.lost_on,
            circumstances="Borta.",
            reported_by=prescriber,
        )
        for index, holding in enumerate(holdings)
        if holding.lost_on
    )
    log_in_caring_for(client, prescriber, person)
    ContentType.objects.get_for_model(person)  # cached from here on

    # As tests/aids/test_recipient_aids.py counts them: the reports ride
    # in the holdings' query.
    with django_assert_num_queries(7):
        response = client.get(aids_url(person.pk))

    assert response.text.count(">Anmält borttappat</a>") == count // 2
    assert "Anmäl borttappat" not in response.text


def test_the_decisions_message_links_to_the_receipt(
    client, wheelchair, prescriber, customer, staff
):
    lost = report(wheelchair, prescriber, customer)
    services.confirm_lost(staff, lost)

    assert_message_links_to(client, prescriber, lost.get_absolute_url(), lost.number)

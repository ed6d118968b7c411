"""Loggutdrag (Patientdatalagen 8 kap. 3 §): customer service lists every
access to one person in a period, on screen, as PDF and as CSV, from a
personnummer that is posted; producing the extract is logged too."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.access import AccessContext
from accounts.choices import AccessAction, AccessRole
from accounts.models import AccessLog
from accounts.services import log_access
from tests.factories import CustomerFactory, PersonFactory, UserFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

URL = reverse("admin_access_extract")
NUMBER = "194001012386"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def person(db):
    return PersonFactory(personnummer=NUMBER, first_name="Ines", last_name="Ödman")


def permission(codename):
    return Permission.objects.get(content_type__app_label="accounts", codename=codename)


@pytest.fixture
def clerk(db):
    """Customer service with the extract permission, not a superuser."""
    user = UserFactory(is_staff=True, first_name="Kim", last_name="Kundtjänst")
    user.user_permissions.add(permission("extract_accesslog"))
    return user


def access(user, person, when, action=AccessAction.VIEW, **kwargs):
    context = AccessContext(user=user, path="/hjalpmedel/x/")
    with time_machine.travel(when.replace(tzinfo=STOCKHOLM), tick=False):
        return log_access(context, person, action, **kwargs)


@pytest.fixture
def accesses(person, prescriber):
    """Two accesses to the person in March 2026, one before and one after,
    and one to someone else."""
    several = UserFactory(
        first_name="Sam",
        last_name="Flera",
        customers=[
            CustomerFactory(kundid="20002", name="Hemtjänst Syd"),
            CustomerFactory(kundid="20001", name="Hemtjänst Norr"),
        ],
    )
    access(prescriber, person, datetime(2026, 2, 28, 23, 59))
    access(prescriber, person, datetime(2026, 3, 1, 0, 0), obj=person)
    access(several, person, datetime(2026, 3, 31, 23, 59), AccessAction.SEARCH)
    access(prescriber, person, datetime(2026, 4, 1, 0, 0))
    access(prescriber, PersonFactory(), datetime(2026, 3, 15, 12, 0))
    return {"prescriber": prescriber, "several": several}


def post(client, user, output="html", **data):
    client.force_login(user)
    return client.post(URL, form(output, **data))


def form(output="html", **data):
    return {
        "personnummer": NUMBER,
        "first_day": "2026-03-01",
        "last_day": "2026-03-31",
        "format": output,
        **data,
    }


def test_it_lists_the_persons_accesses_in_the_period(
    client, clerk, person, accesses, customer
):
    response = post(client, clerk)

    assert response.status_code == 200
    rows = response.context["accesses"]
    assert [row.values()[0] for row in rows] == ["2026-03-01 00:00", "2026-03-31 23:59"]
    first, second = rows
    prescriber = accesses["prescriber"]
    assert first.user == f"{prescriber.get_full_name()} ({prescriber.username})"
    assert first.role == "Förskrivare"
    assert first.customer == str(customer)
    assert first.action == "Visning"
    assert first.what == "Person: Ines Ödman"
    assert second.customer == "Någon av: 20001 Hemtjänst Norr, 20002 Hemtjänst Syd"
    assert second.action == "Sökning"
    assert "Ines Ödman, 19400101-2386" in response.text
    assert "Sam Flera" in response.text


def test_producing_the_extract_is_logged_and_not_stored(client, clerk, person):
    response = post(client, clerk)

    [entry] = AccessLog.objects.of_person(person)
    assert entry.user == clerk
    assert entry.action == AccessAction.EXTRACT
    assert entry.role == AccessRole.CUSTOMER_SERVICE
    assert NUMBER not in entry.path
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_has_the_same_rows(client, clerk, person, accesses):
    response = post(client, clerk, "pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="loggutdrag-2026-03-01-2026-03-31.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = " ".join(pdf_text(response.content).split())
    for shown in [
        "Loggutdrag",
        "Ines Ödman, 19400101-2386",
        "2026-03-01 – 2026-03-31",
        "2026-03-01 00:00",
        "Sam Flera",
        "Sökning",
    ]:
        assert shown in text
    assert "2026-04-01" not in text
    assert AccessLog.objects.filter(action=AccessAction.EXTRACT).count() == 1


def test_the_csv_has_a_header_and_one_row_per_access(client, clerk, person, accesses):
    response = post(client, clerk, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert NUMBER not in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["Tid", "Användare", "Roll", "Kund/enhet", "Åtgärd", "Vad", "Sida"]
    assert [row[0] for row in rows] == ["2026-03-01 00:00", "2026-03-31 23:59"]
    assert rows[1][1].startswith("Sam Flera")


def test_the_form_says_what_is_wrong_next_to_the_field_and_keeps_it(
    client, clerk, person
):
    unknown = post(client, clerk, personnummer="194001022385")
    reversed_period = post(client, clerk, first_day="2026-04-01")

    assert "Det finns ingen person med det personnumret." in unknown.text
    assert 'value="194001022385"' in unknown.text
    assert reversed_period.context["form"].errors["last_day"] == [
        "Periodens slut kan inte vara före dess början."
    ]
    assert not AccessLog.objects.exists()


def test_staff_without_the_permission_and_prescribers_cannot_produce_it(
    client, person, prescriber
):
    staff_only = UserFactory(is_staff=True)

    assert post(client, staff_only).status_code == 403
    refused = post(client, prescriber)
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("admin:login"))
    assert not AccessLog.objects.exists()


def test_the_access_log_links_to_the_extract(client, clerk):
    client.force_login(clerk)
    clerk.user_permissions.add(permission("view_accesslog"))

    response = client.get(reverse("admin:accounts_accesslog_changelist"))

    assert f'href="{URL}"' in response.text


def test_a_personnummer_typed_in_the_access_logs_search_leads_to_the_extract(
    staff_client, person, accesses
):
    response = staff_client.get(
        reverse("admin:accounts_accesslog_changelist"),
        {"q": "19400101-2386"},
        follow=True,
    )

    assert response.redirect_chain == [(URL, 302)]
    assert "Sök inte på personnummer i åtkomstloggen" in response.text
    assert not AccessLog.objects.filter(user__is_staff=True).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_query_count_does_not_grow_with_the_accesses(
    client, clerk, person, count, django_assert_max_num_queries
):
    for day in range(1, count + 1):
        access(
            UserFactory(customers=[CustomerFactory()]), person, datetime(2026, 3, day)
        )
    post(client, clerk)  # content types cached from here on

    with django_assert_max_num_queries(12):
        response = client.post(URL, form())

    assert len(response.context["accesses"]) == count

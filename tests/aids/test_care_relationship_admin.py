"""Customer service review the confirmed care relationships in the admin:
read-only, filtered by date, user and reason, searched by user; every
patient listed is access-logged and no personnummer reaches a URL or the
list."""

import pytest
import time_machine
from django.urls import reverse

from aids.choices import CareReason
from aids.models import CareConfirmation
from aids.services import confirm_care_relationship
from tests.factories import PersonFactory, UserFactory

from .recipient_helpers import assert_no_personnummer, views_logged

LIST = reverse("admin:aids_careconfirmation_changelist")


@pytest.fixture
def confirmations(db):
    karin = PersonFactory(personnummer="194001012386", first_name="Karin")
    olle = PersonFactory(first_name="Olle")
    anna = UserFactory(username="anna", last_name="Ström")
    bo = UserFactory(username="bo", last_name="Ek")
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        first = confirm_care_relationship(
            anna, karin, reason=CareReason.NEW_PATIENT, session_key="s1"
        )
    with time_machine.travel("2026-03-05 10:00 +01:00", tick=False):
        second = confirm_care_relationship(
            bo, olle, reason=CareReason.STAND_IN, session_key="s2"
        )
    return {
        "karin": karin,
        "olle": olle,
        "anna": anna,
        "first": first,
        "second": second,
    }


def listed(response):
    return {row.pk for row in response.context["cl"].result_list}


def test_staff_list_every_confirmation_and_the_patients_are_logged(
    staff_client, staff, confirmations
):
    response = staff_client.get(LIST)

    assert response.status_code == 200
    assert listed(response) == {confirmations["first"].pk, confirmations["second"].pk}
    assert "Ny patient – förskrivning" in response.text
    assert str(confirmations["karin"]) in response.text
    assert "19400101" not in response.text
    for person in (confirmations["karin"], confirmations["olle"]):
        assert views_logged(person).get().user == staff
    assert_no_personnummer(response, confirmations["karin"].personnummer)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"reason__exact": CareReason.STAND_IN}, "second"),
        ({"at__day": "2", "at__month": "3", "at__year": "2026"}, "first"),
        ({"q": "Ström"}, "first"),
        ({"q": "bo"}, "second"),
    ],
)
def test_filters_by_date_reason_and_user(staff_client, confirmations, query, expected):
    response = staff_client.get(LIST, query)

    assert listed(response) == {confirmations[expected].pk}


def test_filter_by_user(staff_client, confirmations):
    anna = confirmations["anna"]

    response = staff_client.get(LIST, {"user__id__exact": anna.pk})

    assert listed(response) == {confirmations["first"].pk}


def test_one_confirmation_is_shown_read_only_and_logged(
    staff_client, staff, confirmations
):
    first = confirmations["first"]
    url = reverse("admin:aids_careconfirmation_change", args=[first.pk])

    response = staff_client.get(url)

    assert response.status_code == 200
    assert 'name="reason"' not in response.text
    logged = views_logged(confirmations["karin"]).get()
    assert (logged.user, logged.object_id) == (staff, str(first.pk))
    assert (
        staff_client.get(reverse("admin:aids_careconfirmation_add")).status_code == 403
    )
    staff_client.post(
        reverse("admin:aids_careconfirmation_delete", args=[first.pk]), {"post": "yes"}
    )
    assert CareConfirmation.objects.filter(pk=first.pk).exists()


def test_the_list_costs_the_same_for_many(
    staff_client, confirmations, django_assert_max_num_queries
):
    for n in range(20):
        confirm_care_relationship(
            confirmations["anna"],
            PersonFactory(),
            reason=CareReason.FOLLOW_UP,
            session_key=f"k{n}",
        )

    with django_assert_max_num_queries(14):
        staff_client.get(LIST)

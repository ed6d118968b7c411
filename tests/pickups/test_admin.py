"""Customer service's pickup pages (F-18) through the test client: the list
with its filters and a constant query count, the change page with the aids,
Stäng (hämtad) and Makulera calling the services, the reasons editable."""

import pytest
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from notices.models import Message
from pickups.choices import PickupStatus
from pickups.models import PickupReason

LIST = reverse("admin:pickups_pickuporder_changelist")


@pytest.fixture
def pickup(make_pickup, wheelchair, cushion):
    return make_pickup([wheelchair, cushion])


def test_the_list_filters_and_searches(staff_client, pickup, make_pickup, reason):
    other = make_pickup(information="Sängen")

    def listed(query):
        response = staff_client.get(LIST + query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed("") == {pickup, other}
    assert listed(f"?q={pickup.number}") == {pickup}
    assert listed("?status__exact=closed") == set()
    assert listed(f"?kundid={pickup.customer.kundid}") == {pickup, other}
    assert listed(f"?reason__id__exact={reason.pk}") == {pickup, other}


@pytest.mark.parametrize("count", [1, 30])
def test_the_lists_query_count_does_not_grow(
    staff_client, make_pickup, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_pickup(information="Sängen")

    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST)

    assert len(response.context["cl"].result_list) == count


def test_the_change_page_shows_the_aids_read_only(staff_client, pickup, wheelchair):
    response = staff_client.get(
        reverse("admin:pickups_pickuporder_change", args=[pickup.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert wheelchair.article.article_no in page
    assert wheelchair.individual.individual_no in page
    assert 'name="phone"' not in page


def test_the_list_and_the_page_log_whose_pickups_staff_saw(
    staff_client, staff, pickup, person
):
    staff_client.get(LIST)
    staff_client.get(reverse("admin:pickups_pickuporder_change", args=[pickup.pk]))

    assert list(
        AccessLog.objects.order_by("id").values_list(
            "user", "person_id", "action", "object_id"
        )
    ) == [
        (staff.pk, str(person.pk), AccessAction.VIEW, ""),
        (staff.pk, str(person.pk), AccessAction.VIEW, str(pickup.pk)),
    ]


def test_stang_returns_the_aids_and_tells_the_prescriber(
    staff_client, pickup, prescriber, wheelchair
):
    response = staff_client.post(
        LIST, {"action": "close", "_selected_action": [pickup.pk]}, follow=True
    )

    pickup.refresh_from_db()
    wheelchair.refresh_from_db()
    assert pickup.status == PickupStatus.CLOSED
    assert wheelchair.returned_on is not None
    assert "är stängd" in response.content.decode()
    assert Message.objects.filter(recipient=prescriber).count() == 1


def test_makulera_and_a_refused_action(staff_client, pickup, prescriber):
    staff_client.post(LIST, {"action": "cancel", "_selected_action": [pickup.pk]})
    response = staff_client.post(
        LIST, {"action": "close", "_selected_action": [pickup.pk]}, follow=True
    )

    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.CANCELLED
    assert "redan makulerad" in response.content.decode()
    assert Message.objects.filter(recipient=prescriber).count() == 1


def test_staff_keep_the_reasons(staff_client, make_pickup):
    response = staff_client.post(
        reverse("admin:pickups_pickupreason_add"),
        {"name": "Vårdboende", "active": "on"},
    )

    assert response.status_code == 302
    assert PickupReason.objects.filter(name="Vårdboende", active=True).exists()


def test_prescribers_have_no_admin(client, prescriber):
    client.force_login(prescriber)
    assert client.get(LIST).status_code == 302

"""Customer service's BMB pages: the list and the read-only change page,
access-logged, and Återställ reversing through the service."""

import pytest
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from transfers.models import Transfer

pytestmark = pytest.mark.django_db

LIST = reverse("admin:transfers_transfer_changelist")


@pytest.fixture
def transfer(make_transfer, rollator, cushion, new_payer):
    return make_transfer([rollator, cushion])


def test_the_list_shows_bmbs_and_logs_the_patients(staff_client, transfer, person):
    response = staff_client.get(LIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [transfer]
    assert AccessLog.objects.filter(
        person_id=str(person.pk), action=AccessAction.VIEW
    ).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_query_count_does_not_grow(
    staff_client,
    make_transfer,
    rollator,
    new_payer,
    count,
    django_assert_max_num_queries,
):
    for index in range(count):
        make_transfer([rollator], payer="22000" if index % 2 == 0 else "21000")

    with django_assert_max_num_queries(14):
        response = staff_client.get(LIST)

    assert len(response.context["cl"].result_list) == count


def test_the_change_page_is_read_only(staff_client, transfer, rollator):
    response = staff_client.get(
        reverse("admin:transfers_transfer_change", args=[transfer.pk])
    )

    assert response.status_code == 200
    assert rollator.article.article_no in response.text
    assert 'name="valid_from"' not in response.text
    assert "22000 Region Västerbotten" in response.text


def test_reverse_makes_a_new_bmb(staff_client, transfer, rollator):
    response = staff_client.post(
        LIST,
        {"action": "reverse", "_selected_action": [str(transfer.pk)]},
        follow=True,
    )

    reversal = Transfer.objects.get(reverses=transfer)
    assert f"BMB {transfer.number} är återställd med BMB {reversal.number}." in (
        response.text
    )
    rollator.refresh_from_db()
    assert rollator.payer.betalarid == "21000"

    again = staff_client.post(
        LIST,
        {"action": "reverse", "_selected_action": [str(transfer.pk)]},
        follow=True,
    )

    assert "redan återställd" in again.text
    assert Transfer.objects.count() == 2


def test_the_payer_periods_are_listed_by_payer(staff_client, transfer, rollator):
    response = staff_client.get(
        reverse("admin:aids_holdingpayer_changelist") + "?q=22000"
    )

    assert response.status_code == 200
    assert {period.holding for period in response.context["cl"].result_list} == {
        rollator,
        transfer.lines.exclude(holding=rollator).get().holding,
    }

"""Hjälpmedel: the list of a patient's or care unit's aids, for the three
personas, with the access log and a query count that does not grow."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AccessAction
from aids.models import Holding
from tests.factories import (
    ArticleFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    RecipientDetailsFactory,
)

from .recipient_helpers import (
    aids_url,
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)

pytestmark = pytest.mark.usefixtures("wednesday_morning")


@pytest.fixture
def person(db):
    return PersonFactory(
        personnummer="194001012386", first_name="Karin", last_name="Berg"
    )


@pytest.fixture
def page(client, person):
    """The aids page of `key` for `user`, who has confirmed a care
    relationship with `person` (an unknown person is asked for in vain)."""

    def get(user, key, query=""):
        log_in_caring_for(client, user, person)
        response = client.get(aids_url(key) + query, follow=True)
        assert_no_personnummer(response, "194001012386")
        return response

    return get


def listed(response):
    return [row["pk"] for row in response.context["holdings"]]


def test_any_prescriber_with_a_care_relationship_sees_a_patients_aids_logged(
    page, outsider, person
):
    held = HoldingFactory(person=person)

    response = page(outsider, person.pk)

    assert response.status_code == 200
    assert listed(response) == [held.pk]
    assert "no-store" in response["Cache-Control"]
    [entry] = views_logged(person)
    assert entry.user == outsider
    assert entry.object_id == str(person.pk)
    assert entry.path == aids_url(person.pk)


def test_staff_see_a_patients_aids_too(page, staff, person):
    response = page(staff, person.pk)

    assert response.status_code == 200
    assert views_logged(person).get().user == staff


def test_every_view_is_logged(page, prescriber, person):
    page(prescriber, person.pk)
    page(prescriber, person.pk)

    assert views_logged(person).count() == 2


def test_an_unknown_person_is_404(page, prescriber, db):
    assert page(prescriber, "5bd4c5d6-3a83-4bd3-9b7e-8c1c6b0f2a11").status_code == 404


def test_a_care_units_aids_are_for_its_prescribers(page, prescriber, customer):
    held = HoldingFactory(person=None, care_unit=customer)

    response = page(prescriber, customer.kundid)

    assert response.status_code == 200
    assert listed(response) == [held.pk]


def test_staff_see_a_care_units_aids(page, staff, customer):
    assert page(staff, customer.kundid).status_code == 200


def test_a_prescriber_of_another_customer_gets_404_for_a_care_unit(
    page, outsider, customer
):
    HoldingFactory(person=None, care_unit=customer)

    assert page(outsider, customer.kundid).status_code == 404


def test_an_unknown_care_unit_is_404(page, prescriber):
    assert page(prescriber, "99999").status_code == 404


def test_it_shows_held_and_ordered_aids_not_returned_ones_nor_others(
    page, prescriber, person
):
    delivered = HoldingFactory(person=person, ordered_on=date(2024, 3, 1))
    ordered = HoldingFactory(
        person=person,
        ordered_on=date(2025, 1, 10),
        delivered_on=None,
        delivered_quantity=0,
    )
    HoldingFactory(person=person, returned_on=date(2025, 2, 1))
    HoldingFactory()

    response = page(prescriber, person.pk)

    assert listed(response) == [ordered.pk, delivered.pk]
    assert "Ej levererad" in response.text


def test_a_row_shows_the_columns(page, prescriber, person):
    article = ArticleFactory(article_no="17940", name="Rollator, 4-hjulig")
    individual = IndividualFactory(individual_no="I123456", article=article)
    held = HoldingFactory(
        person=person,
        article=article,
        individual=individual,
        quantity=2,
        ordered_on=date(2024, 3, 1),
        delivered_on=date(2024, 3, 12),
        delivered_quantity=2,
    )

    text = page(prescriber, person.pk).text

    for cell in [
        f'<td><a href="{aids_url(person.pk, "recipient_holding", held.pk)}">17940</a></td>',
        "<td>Rollator, 4-hjulig</td>",
        "<td>2024-03-01</td>",
        "<td>2</td>",
        "<td>2024-03-12</td>",
    ]:
        assert cell in text
    assert "I123456" in text
    assert ">Hämtorder</th>" in text


def test_the_individual_number_links_to_the_individual_card(page, prescriber, person):
    individual = IndividualFactory(individual_no="I123456")
    HoldingFactory(person=person, article=individual.article, individual=individual)

    text = page(prescriber, person.pk).text

    assert '<a href="/individkort/I123456/">I123456</a>' in text


def test_endast_i_markta_shows_only_individually_marked_aids(page, prescriber, person):
    marked = HoldingFactory(
        person=person, article=ArticleFactory(individually_marked=True)
    )
    HoldingFactory(person=person)

    response = page(prescriber, person.pk, "?imarkta=1")

    assert listed(response) == [marked.pk]
    assert f'href="{aids_url(person.pk)}"' in response.text


def test_the_name_links_to_the_details_and_the_header_tells_the_status(
    page, prescriber, person
):
    text = page(prescriber, person.pk).text

    assert (
        f'<a href="{aids_url(person.pk, "recipient_details")}">Karin Berg</a>' in text
    )
    assert "Skolgatan 12" in text
    assert "(avliden)" not in text
    assert f'href="{aids_url(person.pk, "recipient_returned")}"' in text


def test_the_age_is_counted_from_the_personnummer(page, prescriber, person):
    today = timezone.localdate()
    expected = today.year - 1940 - ((today.month, today.day) < (1, 1))

    assert page(prescriber, person.pk).context["recipient"].age == expected


def test_a_deceased_person_is_marked_with_the_date(page, prescriber, person):
    person.deceased_on = date(2024, 5, 17)
    person.save()

    response = page(prescriber, person.pk)

    assert "(avliden)" in response.text
    assert "Avliden 2024-05-17" in response.text
    assert response.context["recipient"].age == 84


def test_a_protected_identity_hides_address_and_phone(page, prescriber, person):
    person.protected_identity = True
    person.save()

    text = page(prescriber, person.pk).text

    assert "Skyddad identitet" in text
    assert person.street not in text
    assert person.phone not in text


def test_saved_details_are_shown(page, prescriber, person):
    RecipientDetailsFactory(person=person, door_code="4711")

    assert "4711" in page(prescriber, person.pk).text


def test_the_bmb_link_leads_to_the_recipients_bmb_page(page, prescriber, person):
    text = page(prescriber, person.pk).text

    assert f'href="{reverse("transfer_new", args=[person.pk])}">BMB<' in text


def test_beställ_posts_the_order_for_the_recipient_with_a_token(
    page, prescriber, person
):
    response = page(prescriber, person.pk)

    text = response.text
    action = aids_url(person.pk, "order_new_for")
    assert f'<form method="post" action="{action}" class="d-inline">' in text
    token = response.context["order_token"]
    assert f'<input type="hidden" name="token" value="{token}">' in text
    assert ">Beställ</button></form>" in text
    assert f'href="{action}"' not in text


@pytest.mark.parametrize("count", [5, 500])
def test_the_query_count_does_not_grow_with_the_holdings(
    client, prescriber, person, count, django_assert_num_queries
):
    article = ArticleFactory(individually_marked=True)
    individuals = [IndividualFactory(article=article) for _ in range(count)]
    Holding.objects.bulk_create(
        Holding(person=person, article=article, individual=individual)
        for individual in individuals
    )
    RecipientDetailsFactory(person=person)
    log_in_caring_for(client, prescriber, person)
    ContentType.objects.get_for_model(person)  # cached from here on

    # Session and user; the care relationship; the person with details; the
    # user's customers (for the access log and the header) and the log's
    # row; the holdings.
    with django_assert_num_queries(7):
        response = client.get(aids_url(person.pk))

    assert len(listed(response)) == count
    assert views_logged(person, AccessAction.VIEW).count() == 1

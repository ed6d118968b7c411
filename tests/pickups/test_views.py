"""Hämtorder pages: the form from the aids page, the confirmation, the
pickup page and Sök hämtorder, for the personas; bad input; query counts."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.choices import AccessAction
from aids.models import Holding
from pickups import services
from pickups.models import PickupOrder
from tests.aids.recipient_helpers import (
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    RecipientDetailsFactory,
    UserFactory,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def new_url(person):
    return reverse("pickup_new", args=[person.pk])


def posted(reason, **fields):
    return {
        "token": str(uuid.uuid4()),
        "address_choice": "recipient",
        "phone": "070-123 45 67",
        "door_phone": "Berg",
        "instructions": "Trång hiss",
        "information": "",
        "reason": str(reason.pk),
        **fields,
    }


def ticked(response):
    """The ids of the aids the page shows ticked."""
    return {str(row["pk"]) for row in response.context["rows"] if row["ticked"]}


@pytest.fixture
def logged_in(client, prescriber, person):
    """The prescriber, with a care relationship with `person` confirmed."""
    log_in_caring_for(client, prescriber, person)
    return client


def test_the_form_lists_the_current_aids_and_proposes_the_saved_phone(
    logged_in, person, wheelchair, cushion
):
    RecipientDetailsFactory(person=person, phone="070-765 43 21")
    HoldingFactory(person=person, returned_on="2020-01-01")

    response = logged_in.get(new_url(person))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert {held["pk"] for held in response.context["holdings"]} == {
        wheelchair.pk,
        cushion.pk,
    }
    assert response.context["form"]["phone"].value() == "070-765 43 21"
    # One customer: nothing to choose.
    assert "customer" not in response.context["form"].fields
    assert views_logged(person).count() == 1
    assert_no_personnummer(response, person.personnummer)


def test_verkstall_registers_and_a_second_post_does_not_duplicate(
    logged_in, person, reason, wheelchair, cushion, prescriber, customer
):
    data = posted(reason, holdings=[wheelchair.pk])

    response = logged_in.post(new_url(person), data)
    again = logged_in.post(new_url(person), data)

    pickup = PickupOrder.objects.get()
    assert response["Location"] == reverse("pickup_confirmation", args=[pickup.pk])
    assert again["Location"] == response["Location"]
    assert pickup.customer == customer and pickup.prescriber == prescriber
    assert [item.holding for item in pickup.items.all()] == [wheelchair]
    page = logged_in.get(response["Location"])
    assert pickup.number in page.content.decode()


def test_markera_alla_takes_every_aid_without_javascript(
    logged_in, person, reason, wheelchair, cushion
):
    logged_in.post(new_url(person), posted(reason, select_all="on"))

    pickup = PickupOrder.objects.get()
    assert {item.holding for item in pickup.items.all()} == {wheelchair, cushion}


def test_markera_alla_stays_ticked_on_an_error(
    logged_in, person, reason, wheelchair, cushion
):
    response = logged_in.post(
        new_url(person), posted(reason, select_all="on", phone="")
    )

    assert not PickupOrder.objects.exists()
    assert ticked(response) == {str(wheelchair.pk), str(cushion.pk)}
    page = response.content.decode()
    assert f'value="{wheelchair.pk}" id="holding-{wheelchair.pk}" checked' in page


def test_the_aids_list_shows_the_open_pickup(
    logged_in, person, reason, wheelchair, cushion
):
    logged_in.post(new_url(person), posted(reason, holdings=[wheelchair.pk]))
    pickup = PickupOrder.objects.get()

    page = logged_in.get(reverse("recipient_aids", args=[person.pk])).content.decode()

    assert page.count(pickup.number) == 1
    assert reverse("pickup_detail", args=[pickup.pk]) in page
    # On the form, the aid can no longer be ticked.
    form = logged_in.get(new_url(person))
    assert form.context["form"].pickable == [cushion.pk]


def test_several_customers_choose_one(client, person, reason, wheelchair):
    first, second = CustomerFactory(), CustomerFactory()
    user = UserFactory(customers=[first, second])
    log_in_caring_for(client, user, person)

    missing = client.post(new_url(person), posted(reason, holdings=[wheelchair.pk]))
    assert "customer" in missing.context["form"].errors
    client.post(
        new_url(person), posted(reason, holdings=[wheelchair.pk], customer=second.pk)
    )
    assert PickupOrder.objects.get().customer == second


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": ""}, "phone"),
        ({"phone": "0123"}, "phone"),
        ({"holdings": []}, "holdings"),
        ({"reason": "99999"}, "reason"),
        ({"address_choice": "other", "other_street": ""}, "other_street"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    logged_in, person, reason, wheelchair, cushion, fields, field
):
    data = {**posted(reason, holdings=[cushion.pk]), **fields}

    response = logged_in.post(new_url(person), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert not PickupOrder.objects.exists()
    page = response.content.decode()
    assert "Trång hiss" in page and 'value="Berg"' in page
    assert ticked(response) == ({str(cushion.pk)} if data["holdings"] else set())


def test_the_addresses_are_offered_as_on_orders_and_work_orders(
    logged_in, person, customer
):
    """Each with its name, from the one address service."""
    page = logged_in.get(new_url(person)).content.decode()

    assert f"Mottagarens adress: {person}, Skolgatan 12, 903 25 Umeå" in page
    assert f"Kundens adress: {customer.name}, Storgatan 1, 903 25 Umeå" in page


def test_a_protected_identity_is_offered_no_recipient_address(
    logged_in, person, customer
):
    person.protected_identity = True
    person.save()

    form = logged_in.get(new_url(person)).context["form"]

    assert [value for value, _ in form.fields["address_choice"].choices] == [
        "customer",
        "other",
    ]
    assert form["address_choice"].value() == "customer"
    assert person.street not in str(form)


def test_someone_elses_aid_cannot_be_posted(logged_in, person, reason, wheelchair):
    other = HoldingFactory()

    response = logged_in.post(new_url(person), posted(reason, holdings=[other.pk]))

    assert "holdings" in response.context["form"].errors
    assert not PickupOrder.objects.exists()


def test_a_text_alone_registers(logged_in, person, reason):
    logged_in.post(new_url(person), posted(reason, information="Sängen i källaren"))

    assert PickupOrder.objects.get().information == "Sängen i källaren"


def test_a_user_without_customers_is_sent_back(client, person):
    log_in_caring_for(client, UserFactory(), person)

    response = client.get(new_url(person))

    assert response["Location"] == reverse("recipient_aids", args=[str(person.pk)])


@pytest.fixture
def pickup(make_pickup, wheelchair):
    return make_pickup([wheelchair])


@pytest.mark.parametrize("owner", ["outsider", "prescriber"])
def test_a_token_that_is_another_pickups_id_gets_a_fresh_form(
    logged_in, request, person, reason, cushion, owner
):
    """Someone else's pickup, or the user's own for another patient: never
    a 500, never that pickup shown; the form sent again registers."""
    user = request.getfixturevalue(owner)
    theirs = services.create_pickup(
        uuid.uuid4(),
        user,
        HoldingFactory().person,
        user.customers.get(),
        holding_ids=[],
        reason=reason,
        phone="070-123 45 67",
        address_choice="customer",
        information="Sängen",
    )
    data = posted(reason, holdings=[cushion.pk], token=str(theirs.pk))

    response = logged_in.post(new_url(person), data)

    assert response.status_code == 200
    assert "Formuläret har redan skickats" in response.content.decode()
    assert theirs.number not in response.content.decode()
    assert PickupOrder.objects.get() == theirs
    fresh = response.context["form"]["token"].value()
    assert fresh != str(theirs.pk)
    again = logged_in.post(new_url(person), {**data, "token": fresh})
    mine = PickupOrder.objects.get(pk=fresh)
    assert again["Location"] == reverse("pickup_confirmation", args=[mine.pk])
    assert [item.holding for item in mine.items.all()] == [cushion]


@pytest.mark.parametrize("persona", ["prescriber", "colleague", "staff"])
def test_the_pickup_page_for_those_who_may_see_it(
    client, request, pickup, person, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("pickup_detail", args=[pickup.pk]))

    assert response.status_code == 200
    assert pickup.number in response.content.decode()
    assert views_logged(person).count() == 1


@pytest.mark.parametrize("name", ["pickup_detail", "pickup_confirmation"])
def test_someone_elses_pickup_is_not_found(client, outsider, pickup, name):
    client.force_login(outsider)

    assert client.get(reverse(name, args=[pickup.pk])).status_code == 404


def test_the_index_lists_open_pickups_of_the_users_customers(
    client, colleague, outsider, pickup, staff
):
    client.force_login(colleague)
    assert list(client.get(reverse("pickup_index")).context["found"]) == [pickup]
    client.force_login(outsider)
    assert list(client.get(reverse("pickup_index")).context["found"]) == []


@pytest.fixture
def just_after_midnight(time_machine):
    """Half past midnight in Sweden, still the day before in UTC: the date
    searched is the local one."""
    time_machine.move_to(datetime(2026, 3, 5, 0, 30, tzinfo=STOCKHOLM), tick=False)


def test_search_by_number_name_personnummer_and_date(
    just_after_midnight, logged_in, pickup, person, staff
):
    def search(**data):
        response = logged_in.post(reverse("pickup_index"), data)
        assert response.context["searched"], response.context["form"].errors
        return list(response.context["found"])

    assert search(number=pickup.number[:6]) == [pickup]
    assert search(number="H9") == []
    assert search(recipient=person.personnummer) == [pickup]
    assert search(recipient=person.last_name.lower()) == [pickup]
    assert search(created_on="2026-03-05") == [pickup]
    assert search(created_on="2026-03-04") == []
    services.close_pickup(pickup, staff)
    assert search(number=pickup.number) == []
    assert search(number=pickup.number, include_closed="on") == [pickup]
    assert views_logged(person, AccessAction.SEARCH).exists()


def test_search_needs_a_criterion_and_a_valid_one(logged_in):
    for data in ({}, {"number": "abc"}, {"created_on": "igår"}):
        response = logged_in.post(reverse("pickup_index"), data)
        assert not response.context["searched"]
        assert response.context["form"].errors


def many_aids(person, count):
    article = ArticleFactory()
    Holding.objects.bulk_create(
        Holding(
            person=person,
            article=article,
            delivered_on="2024-01-01",
            delivered_quantity=1,
        )
        for _ in range(count)
    )


@pytest.mark.parametrize("count", [5, 500])
def test_the_forms_query_count_does_not_grow_with_the_aids(
    logged_in, person, count, django_assert_num_queries
):
    many_aids(person, count)
    ContentType.objects.get_for_model(person)

    # Session and user; the care relationship; the person with details; the
    # user's customers (to choose from, for the access log and the header);
    # the aids; the log's row; the reasons (select).
    with django_assert_num_queries(8):
        response = logged_in.get(new_url(person))

    assert len(response.context["holdings"]) == count
    assert response.content.decode().count('name="holdings"') == count


@pytest.mark.parametrize("count", [5, 500])
def test_the_aids_page_count_stays_with_pickups(
    logged_in, person, count, make_pickup, django_assert_num_queries
):
    many_aids(person, count)
    pickup = make_pickup(list(Holding.objects.filter(person=person)[:3]))
    ContentType.objects.get_for_model(person)

    with django_assert_num_queries(7):
        response = logged_in.get(reverse("recipient_aids", args=[person.pk]))

    assert response.content.decode().count(f">{pickup.number}</a>") == 3


def test_the_aids_page_links_to_the_pickup_form(logged_in, person, customer):
    page = logged_in.get(reverse("recipient_aids", args=[person.pk])).content.decode()
    assert f'href="{new_url(person)}">Hämtorder</a>' in page

    care_unit = logged_in.get(reverse("recipient_aids", args=[customer.kundid]))
    assert "/hamtorder/ny/" not in care_unit.content.decode()

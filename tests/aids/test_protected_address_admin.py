"""A protected identity's address in the admin: the audit trail ("Events")
shows it only to staff with the permission "Kan se skyddad adress"."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pghistory.models import Events

from aids.models import Person
from tests.factories import PersonFactory, UserFactory

CHANGELIST = reverse("admin:pghistory_events_changelist")
ADDRESS = ("Backvägen 31", "907 42", "Ersboda")
EARLIER_ADDRESS = ("Gamla vägen 1", "903 25", "Umeå")


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def protected(db):
    # Protected after it was registered (the insert event holds an address
    # with protected_identity still false), then moved.
    person = PersonFactory(street="Gamla vägen 1", postal_code="903 25", city="Umeå")
    person.protected_identity = True
    person.save()
    person.street, person.postal_code, person.city = ADDRESS
    person.save()
    return person


def events_page(client, user, person):
    client.force_login(user)
    return client.get(
        CHANGELIST, {"method": "tracks", "obj": f"{Person._meta.label}:{person.pk}"}
    )


def event_page(client, user, person, first=False):
    client.force_login(user)
    events = Events.objects.tracks(person).order_by("pgh_id")
    event = events.first() if first else events.last()
    return client.get(reverse("admin:pghistory_events_change", args=[event.pk]))


def first_event_page(client, user, person):
    return event_page(client, user, person, first=True)


@pytest.mark.parametrize("page", [events_page, event_page, first_event_page])
def test_staff_without_the_permission_do_not_see_a_protected_address(
    client, protected, page
):
    response = page(client, staff_with("view_events"), protected)

    assert response.status_code == 200
    assert "Skyddad identitet" in response.text
    for part in ADDRESS + EARLIER_ADDRESS:
        assert part not in response.text


@pytest.mark.parametrize("page", [events_page, event_page])
def test_staff_with_the_permission_see_a_protected_address(client, protected, page):
    user = staff_with("view_events", "view_protected_address")

    response = page(client, user, protected)

    assert "Backvägen 31" in response.text
    assert "Skyddad identitet" not in response.text


def test_an_unprotected_persons_address_is_shown(client, db):
    person = PersonFactory(street="Gamla vägen 1")
    person.street = "Backvägen 31"
    person.save()

    response = events_page(client, staff_with("view_events"), person)

    assert "Gamla vägen 1" in response.text
    assert "Backvägen 31" in response.text


def test_the_permission_is_named_in_swedish(db):
    permission = Permission.objects.get(codename="view_protected_address")

    assert permission.name == "Kan se skyddad adress"

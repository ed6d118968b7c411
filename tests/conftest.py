from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from .factories import CustomerFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def prescriber(customer):
    """A prescriber authorised for `customer`."""
    return UserFactory(customers=[customer])


@pytest.fixture
def colleague(customer):
    """Another prescriber of the same customer."""
    return UserFactory(customers=[customer])


@pytest.fixture
def outsider(db):
    """A prescriber of another customer."""
    return UserFactory(customers=[CustomerFactory()])


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    """The test client logged in as customer service."""
    client.force_login(staff)
    return client


@pytest.fixture
def wednesday_morning(time_machine):
    """For tests comparing a date the code took from the clock with one they
    take themselves: an ordinary working Wednesday at 10:00, so no test
    crosses midnight or depends on the weekday it runs on. The clock ticks
    on from there, so times still order the rows."""
    time_machine.move_to(
        datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )

"""Leverans proposes the recipient's phone: the draft's own, else the one
saved with the recipient, else the population register's."""

import pytest

from tests.factories import RecipientDetailsFactory

from .delivery_helpers import delivery_url, draft_with_lines


@pytest.fixture
def order(prescriber):
    return draft_with_lines(prescriber, person__phone="090-12 34 56")


def proposed(client, order):
    return client.get(delivery_url(order)).context["form"]["recipient_phone"].value()


def test_the_population_registers_phone_without_a_saved_one(logged_in, order):
    assert proposed(logged_in, order) == "090-12 34 56"


def test_the_saved_phone_before_the_registers(logged_in, order):
    RecipientDetailsFactory(person=order.person, phone="070-765 43 21")

    assert proposed(logged_in, order) == "070-765 43 21"


def test_the_drafts_own_phone_before_both(logged_in, order):
    RecipientDetailsFactory(person=order.person, phone="070-765 43 21")
    order.recipient_phone = "070-111 22 33"
    order.save()

    assert proposed(logged_in, order) == "070-111 22 33"


def test_a_care_unit_has_no_register_phone(logged_in, prescriber, customer):
    order = draft_with_lines(prescriber, person=None, care_unit=customer)

    assert proposed(logged_in, order) == ""

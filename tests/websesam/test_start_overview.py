"""Översikt on the start page: what needs the prescriber's attention, with
the personas (own counts only, never a colleague's or another customer's),
"since last login" and a query count that does not grow with the rows."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import DraftOrderFactory
from tests.orders.admin_helpers import registered_order
from tests.orders.basket_helpers import basket, rollator
from websesam.views import attention

from .overview_helpers import (
    STOCKHOLM,
    at,
    closed_pickup,
    completed_work_order,
    delayed_order,
    new_delivery_date,
    pickup,
    work_order,
)

START = reverse("start")
MESSAGES = 'href="#messages-heading"'


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    # Wednesday 4 March 2026: a basket executed now is due Wednesday 11 March.
    at(time_machine, date(2026, 3, 4))


def logged_in_after(client, user, previous):
    """The client logged in as `user`, whose login before this one was at
    `previous` (None: never)."""
    User.objects.filter(pk=user.pk).update(last_login=previous)
    user.refresh_from_db()
    client.force_login(user)
    return client


def overview(client):
    return client.get(START).context["attention"]


# --- Counts and links ----------------------------------------------------------


def test_nothing_to_attend_to_shows_no_overview(client, prescriber):
    response = logged_in_after(client, prescriber, None).get(START)

    assert 'id="attention-heading"' not in response.text


def test_it_counts_the_users_drafts_not_a_colleagues(
    client, prescriber, colleague, outsider
):
    DraftOrderFactory.create_batch(2, prescriber=prescriber)
    DraftOrderFactory(prescriber=colleague)
    DraftOrderFactory(prescriber=outsider)

    response = logged_in_after(client, prescriber, None).get(START)

    assert (
        f'<a href="{reverse("order_index")}">Påbörjade beställningar: 2</a>'
        in response.text
    )


def test_it_counts_the_users_delayed_orders(client, prescriber, colleague):
    delayed_order(prescriber)
    delayed_order(colleague)
    registered_order(prescriber)  # on time
    delivered = delayed_order(prescriber)
    delivered.lines.update(status="delivered")

    response = logged_in_after(client, prescriber, None).get(START)

    assert f'<a href="{reverse("order_index")}">Försenade order: 1</a>' in response.text


@pytest.mark.parametrize(
    ("day", "due_soon"),
    [
        (date(2026, 3, 6), 0),  # Friday: due Wednesday is 3 working days away
        (date(2026, 3, 9), 1),  # Monday: 2 working days
        (date(2026, 3, 12), 1),  # overdue
    ],
)
def test_baskets_show_from_two_working_days_before_they_are_due(
    client, prescriber, colleague, time_machine, day, due_soon
):
    basket(prescriber, [rollator()])
    basket(colleague, [rollator()])
    at(time_machine, day)
    line = "Varukorgar som är försenade eller ska återlämnas inom 2 arbetsdagar"

    response = logged_in_after(client, prescriber, None).get(START)

    assert response.context["attention"]["baskets_due"] == due_soon
    assert response.context["attention"]["open_baskets"] == 1
    assert (f'<a href="{reverse("basket_index")}">{line}: 1</a>' in response.text) == (
        due_soon == 1
    )


def test_events_count_since_the_previous_login_only(
    client, prescriber, colleague, staff, time_machine
):
    before, moved_twice = registered_order(prescriber), registered_order(prescriber)
    new_delivery_date(before, staff)
    completed_work_order(prescriber, staff)
    closed_pickup(prescriber, staff)
    previous = datetime(2026, 3, 4, 12, 0, tzinfo=STOCKHOLM)
    at(time_machine, date(2026, 3, 5))
    new_delivery_date(moved_twice, staff)
    new_delivery_date(moved_twice, staff, date(2026, 3, 23))
    new_delivery_date(registered_order(prescriber), staff)
    new_delivery_date(registered_order(colleague), staff)
    completed_work_order(prescriber, staff)
    completed_work_order(colleague, staff)
    work_order(prescriber)  # registered, not completed
    closed_pickup(prescriber, staff)
    closed_pickup(colleague, staff)
    pickup(prescriber)  # still open
    at(time_machine, date(2026, 3, 6))

    text = logged_in_after(client, prescriber, previous).get(START).text

    for line in [
        "Order med ändrat leveransdatum sedan senaste inloggningen: 2",
        "Arbetsorder klara sedan senaste inloggningen: 1",
        "Hämtorder utförda sedan senaste inloggningen: 1",
    ]:
        assert f"<a {MESSAGES}>{line}</a>" in text


def test_later_pages_of_the_session_keep_counting_from_the_previous_login(
    client, prescriber, staff, time_machine
):
    logged_in_after(client, prescriber, datetime(2026, 3, 1, tzinfo=STOCKHOLM))
    time_machine.shift(timedelta(minutes=5))
    completed_work_order(prescriber, staff)

    # last_login is this login now, the session still knows the one before.
    assert overview(client)["work_orders_completed"] == 1
    assert overview(client)["work_orders_completed"] == 1


def test_at_the_first_login_ever_everything_counts(client, prescriber, staff):
    completed_work_order(prescriber, staff)

    logged_in_after(client, prescriber, None)

    assert overview(client)["work_orders_completed"] == 1


def test_a_session_from_before_counts_from_its_own_login(
    client, prescriber, staff, time_machine
):
    completed_work_order(prescriber, staff)
    time_machine.shift(timedelta(minutes=5))
    logged_in_after(client, prescriber, datetime(2026, 3, 1, tzinfo=STOCKHOLM))
    session = client.session
    del session["previous_login"]
    session.save()
    time_machine.shift(timedelta(minutes=5))
    completed_work_order(prescriber, staff)

    assert overview(client)["work_orders_completed"] == 1


def test_its_query_count_does_not_grow_with_the_rows(
    client, prescriber, staff, django_assert_num_queries
):
    def one_of_each():
        DraftOrderFactory(prescriber=prescriber)
        delayed_order(prescriber)
        basket(prescriber, [rollator()])
        new_delivery_date(registered_order(prescriber), staff)
        completed_work_order(prescriber, staff)
        closed_pickup(prescriber, staff)

    one_of_each()
    logged_in_after(client, prescriber, None)
    client.get(START)  # the first request after login starts the session
    with CaptureQueriesContext(connection) as few:
        client.get(START)
    for _ in range(3):
        one_of_each()

    with django_assert_num_queries(len(few.captured_queries)):
        counts = overview(client)
    # Executed today, the baskets are not yet due.
    assert counts == {
        "drafts": 4,
        "open_baskets": 4,
        "baskets_due": 0,
        "delivery_dates_changed": 4,
        "work_orders_completed": 4,
        "pickups_closed": 4,
        "orders_delayed": 4,
    }


def test_the_counts_take_one_query(prescriber):
    with CaptureQueriesContext(connection) as queries:
        attention(prescriber, None, date(2026, 3, 4))

    assert len(queries.captured_queries) == 1


def test_the_next_login_starts_counting_again(client, prescriber, staff, time_machine):
    completed_work_order(prescriber, staff)
    logged_in_after(client, prescriber, None)
    assert overview(client)["work_orders_completed"] == 1
    client.logout()
    at(time_machine, date(2026, 3, 5))
    prescriber.refresh_from_db()

    client.force_login(prescriber)

    assert overview(client)["work_orders_completed"] == 0

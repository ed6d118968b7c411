"""remind_baskets: the prescriber of an open basket past its due date gets a
personal message and an e-mail (unless they chose not to, under Dina
uppgifter) once, then weekly while it stays open; run hourly, it sends
nothing more."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from notices.models import Message
from orders.services import settle_basket
from orders.services.baskets import remind_overdue_baskets

from ..factories import UserFactory
from .basket_helpers import basket, rollator

# Executed on Wednesday 4 March 2026: due five working days later.
DUE = date(2026, 3, 11)


def at(time_machine, day, hour=10):
    time_machine.move_to(
        datetime(
            day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Stockholm")
        ),
        tick=False,
    )


def remind():
    out = StringIO()
    call_command("remind_baskets", stdout=out)
    return out.getvalue()


@pytest.fixture
def loan(prescriber, time_machine):
    at(time_machine, date(2026, 3, 4))
    order = basket(prescriber, [rollator()])
    assert order.due_on == DUE
    return order


def test_the_prescriber_is_reminded_once_the_day_after_the_due_date(
    loan, prescriber, time_machine, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://websesam.example.se"
    at(time_machine, DUE, hour=23)
    assert remind() == "0 overdue basket(s) reminded.\n"

    at(time_machine, date(2026, 3, 12), hour=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind() == "1 overdue basket(s) reminded.\n"
        for hour in range(1, 24):
            at(time_machine, date(2026, 3, 12), hour=hour)
            assert remind_overdue_baskets() == 0

    message = Message.objects.get()
    assert message.recipient == prescriber
    assert message.about == loan
    assert loan.number in message.subject
    assert "2026-03-11" in message.body
    [sent] = mail.outbox
    assert sent.to == [prescriber.email]
    assert sent.subject == message.subject
    assert (
        f"https://websesam.example.se{reverse('basket_settle', args=[loan.pk])}"
        in sent.body
    )
    loan.refresh_from_db()
    assert loan.reminded_on == date(2026, 3, 12)


def test_again_after_a_week_while_it_stays_open(
    loan, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        at(time_machine, date(2026, 3, 12))
        remind_overdue_baskets()

        at(time_machine, date(2026, 3, 18))
        assert remind_overdue_baskets() == 0
        at(time_machine, date(2026, 3, 19))
        assert remind_overdue_baskets() == 1
        at(time_machine, date(2026, 3, 20))
        assert remind_overdue_baskets() == 0

    assert Message.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_closed_basket_is_not_reminded(loan, prescriber, time_machine):
    settle_basket(loan, prescriber, returns=list(loan.lines.all()))

    at(time_machine, date(2026, 3, 12))

    assert remind_overdue_baskets() == 0
    assert not Message.objects.exists()


def test_a_moved_due_date_is_reminded_when_it_passes_too(loan, time_machine):
    at(time_machine, date(2026, 3, 12))
    remind_overdue_baskets()
    # Customer service gave the prescriber until Monday.
    type(loan).objects.filter(pk=loan.pk).update(due_on=date(2026, 3, 16))

    at(time_machine, date(2026, 3, 16))
    assert remind_overdue_baskets() == 0
    at(time_machine, date(2026, 3, 17))
    assert remind_overdue_baskets() == 1


@pytest.mark.parametrize(
    "fields",
    [{"email": ""}, {"email_notifications": []}],
    ids=["without e-mail", "chose no e-mail"],
)
def test_a_prescriber_without_e_mail_gets_the_message_only(
    customer, time_machine, django_capture_on_commit_callbacks, fields
):
    prescriber = UserFactory(customers=[customer], **fields)
    at(time_machine, date(2026, 3, 4))
    basket(prescriber, [rollator()])

    at(time_machine, date(2026, 3, 12))

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_baskets() == 1
    assert Message.objects.filter(recipient=prescriber).count() == 1
    assert mail.outbox == []

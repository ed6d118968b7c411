"""E-mail about personal messages, opt-in under Dina uppgifter: one mail per
event to a user who chose that kind, none to one who did not, sent after
commit with only the number and a link (no patient name or personnummer);
a mail server that refuses leaves the mail queued for send_pending_mail and
the event done."""

import re
from datetime import date
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse

from aids.models import Person
from deviations.choices import DeviationStatus
from deviations.services import handle
from notices.models import EMAIL_KINDS, Message, MessageKind, PendingMail
from notices.services import send_one, send_pending_mail
from orders.services import change_delivery_date, ship_line
from orders.services.baskets import remind_overdue_baskets
from pickups.services import cancel_pickup
from tests.concurrency import concurrent, run_together
from tests.deviations.helpers import make_deviation
from tests.factories import ArticleFactory, HoldingFactory
from tests.orders.admin_helpers import registered_order
from tests.orders.basket_helpers import basket, rollator
from tests.websesam.overview_helpers import at, closed_pickup, pickup, work_order
from workorders.choices import WorkOrderStatus
from workorders.services import change_status

SITE = "https://websesam.example.se"


@pytest.fixture(autouse=True)
def wednesday(time_machine, settings):
    settings.SITE_URL = SITE
    at(time_machine, date(2026, 3, 4))


def patient_note():
    """A note naming the patient, as customer service may type one: it is
    in the message, never in the mail."""
    person = Person.objects.order_by("pk").last()
    return f"{person.first_name} {person.last_name}, {person.personnummer} ringde."


def delivery_date(user, staff, time_machine):
    order = registered_order(user)
    change_delivery_date(order.lines.first(), date(2026, 3, 20), patient_note(), staff)
    return order


def order_delivered(user, staff, time_machine):
    order = registered_order(user)
    for line in order.lines.all():
        ship_line(line, line.quantity, staff)
    return order


def work_order_completed(user, staff, time_machine):
    done = work_order(user)
    change_status(done, WorkOrderStatus.IN_PROGRESS, staff)
    return change_status(done, WorkOrderStatus.COMPLETED, staff, patient_note())


def pickup_closed(user, staff, time_machine):
    return closed_pickup(user, staff)


def basket_overdue(user, staff, time_machine):
    loan = basket(user, [rollator()])
    at(time_machine, date(2026, 3, 12))
    remind_overdue_baskets()
    return loan


def deviation_changed(user, staff, time_machine):
    holding = HoldingFactory(customer=user.customers.first())
    return handle(
        make_deviation(user, holding),
        staff,
        status=DeviationStatus.INVESTIGATING,
        answer=patient_note(),
    )


EVENTS = {
    MessageKind.DELIVERY_DATE: delivery_date,
    MessageKind.ORDER_DELIVERED: order_delivered,
    MessageKind.WORK_ORDER_COMPLETED: work_order_completed,
    MessageKind.PICKUP_CLOSED: pickup_closed,
    MessageKind.BASKET_OVERDUE: basket_overdue,
    MessageKind.DEVIATION_CHANGED: deviation_changed,
}


def test_every_kind_one_may_choose_is_covered():
    assert set(EVENTS) == set(EMAIL_KINDS)


def opt_in(user, *kinds):
    user.email_notifications = list(kinds)
    user.save(update_fields=["email_notifications"])


def digits(text):
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("kind", EVENTS)
def test_an_opted_in_event_is_mailed_once_with_a_number_and_a_link(
    prescriber, staff, time_machine, django_capture_on_commit_callbacks, kind
):
    opt_in(prescriber, kind)

    with django_capture_on_commit_callbacks(execute=True):
        about = EVENTS[kind](prescriber, staff, time_machine)
    call_command("send_pending_mail", stdout=StringIO())

    [message] = Message.objects.filter(recipient=prescriber)
    [sent] = mail.outbox
    assert message.kind == kind
    if kind in (MessageKind.DELIVERY_DATE, MessageKind.WORK_ORDER_COMPLETED):
        # The message names the patient (a note); the mail must not.
        assert Person.objects.order_by("pk").last().personnummer in message.body
    assert sent.to == [prescriber.email]
    assert sent.subject == message.subject
    assert about.number in sent.subject
    assert f"{SITE}{about.get_absolute_url()}" in sent.body
    text = f"{sent.subject}\n{sent.body}"
    for person in Person.objects.all():
        for value in (
            person.personnummer,
            person.first_name,
            person.last_name,
            person.street,
            person.phone,
        ):
            assert value not in text
        assert digits(person.personnummer)[-10:] not in digits(text)
    assert PendingMail.objects.get().sent_at is not None


@pytest.mark.parametrize("kind", EVENTS)
def test_no_mail_without_opting_in(
    prescriber, staff, time_machine, django_capture_on_commit_callbacks, kind
):
    # Every other kind chosen, not this one.
    opt_in(prescriber, *(other for other in EMAIL_KINDS if other != kind))

    with django_capture_on_commit_callbacks(execute=True):
        EVENTS[kind](prescriber, staff, time_machine)
    call_command("send_pending_mail", stdout=StringIO())

    assert Message.objects.filter(recipient=prescriber, kind=kind).count() == 1
    assert mail.outbox == []
    assert not PendingMail.objects.exists()


def test_events_one_cannot_choose_are_never_mailed(
    prescriber, staff, django_capture_on_commit_callbacks
):
    opt_in(prescriber, *EMAIL_KINDS)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(work_order(prescriber), WorkOrderStatus.CANCELLED, staff)
        cancel_pickup(pickup(prescriber), staff)

    assert Message.objects.filter(recipient=prescriber).count() == 2
    assert mail.outbox == []


def test_an_inactive_user_or_one_without_address_gets_no_mail(
    prescriber, colleague, staff, django_capture_on_commit_callbacks, time_machine
):
    for user in (prescriber, colleague):
        opt_in(user, MessageKind.PICKUP_CLOSED)
    prescriber.is_active = False
    prescriber.save(update_fields=["is_active"])
    colleague.email = ""
    colleague.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        closed_pickup(prescriber, staff)
        closed_pickup(colleague, staff)

    assert mail.outbox == []


def test_a_mail_waits_for_the_commit(prescriber, staff, time_machine):
    opt_in(prescriber, MessageKind.PICKUP_CLOSED)

    closed_pickup(prescriber, staff)

    # The test's transaction never commits: queued, not sent.
    assert mail.outbox == []
    assert PendingMail.objects.unsent().count() == 1


def test_an_order_shipped_line_by_line_is_delivered_and_mailed_once(
    prescriber, staff, django_capture_on_commit_callbacks
):
    opt_in(prescriber, MessageKind.ORDER_DELIVERED)
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 2, 5)
    )
    first, second = order.lines.order_by("position")

    with django_capture_on_commit_callbacks(execute=True):
        ship_line(first, 1, staff)
        ship_line(second, 1, staff)
        assert not Message.objects.filter(kind=MessageKind.ORDER_DELIVERED).exists()
        ship_line(second, 1, staff)

    [message] = Message.objects.filter(kind=MessageKind.ORDER_DELIVERED)
    assert message.about == order
    assert len(mail.outbox) == 1


class Refused(SMTPException):
    pass


def refuse(self, messages):
    raise Refused("421 Service not available")


def test_a_refused_mail_leaves_the_event_done_and_is_sent_later(
    prescriber, staff, monkeypatch, django_capture_on_commit_callbacks, time_machine
):
    opt_in(prescriber, MessageKind.WORK_ORDER_COMPLETED)
    done = work_order(prescriber)
    change_status(done, WorkOrderStatus.IN_PROGRESS, staff)
    monkeypatch.setattr(EmailBackend, "send_messages", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(done, WorkOrderStatus.COMPLETED, staff)

    done.refresh_from_db()
    assert done.status == WorkOrderStatus.COMPLETED
    assert Message.objects.filter(kind=MessageKind.WORK_ORDER_COMPLETED).exists()
    [queued] = PendingMail.objects.unsent()
    assert mail.outbox == []

    out = StringIO()
    call_command("send_pending_mail", stdout=out)
    assert out.getvalue() == "0 mail(s) sent, 1 still unsent.\n"

    monkeypatch.undo()
    out = StringIO()
    call_command("send_pending_mail", stdout=out)
    assert out.getvalue() == "1 mail(s) sent, 0 still unsent.\n"
    [sent] = mail.outbox
    assert sent.subject == queued.subject
    queued.refresh_from_db()
    assert queued.sent_at is not None

    # Again, and the sender of the commit again: nothing more.
    out = StringIO()
    call_command("send_pending_mail", stdout=out)
    assert out.getvalue() == "0 mail(s) sent, 0 still unsent.\n"
    assert send_one(queued.pk) is False
    assert len(mail.outbox) == 1


def test_the_choice_is_saved_by_verkstall_and_shown_ticked(client, prescriber):
    client.force_login(prescriber)
    url = reverse("my_details")
    data = {
        "title": "",
        "work_phone": "",
        "mobile": "",
        "email": prescriber.email,
        "email_notifications": ["delivery_date", "wo_completed"],
    }

    response = client.post(url, data)

    assert response.status_code == 302
    prescriber.refresh_from_db()
    assert prescriber.email_notifications == ["delivery_date", "wo_completed"]
    page = client.get(url).text
    assert "Skicka e-post när …" in page
    checked = re.findall(r'<input[^>]*name="email_notifications"[^>]*>', page)
    assert len(checked) == len(EMAIL_KINDS)
    ticked = [box for box in checked if "checked" in box]
    assert [re.search(r'value="(\w+)"', box)[1] for box in ticked] == [
        "delivery_date",
        "wo_completed",
    ]

    client.post(
        url, {key: value for key, value in data.items() if key != "email_notifications"}
    )
    prescriber.refresh_from_db()
    assert prescriber.email_notifications == []


def test_an_unknown_choice_is_refused_next_to_the_field(client, prescriber):
    client.force_login(prescriber)

    response = client.post(
        reverse("my_details"),
        {"email": prescriber.email, "email_notifications": ["wo_cancelled"]},
    )

    assert response.status_code == 200
    assert "wo_cancelled" in response.context["form"].errors["email_notifications"][0]
    prescriber.refresh_from_db()
    assert prescriber.email_notifications == ["basket_overdue"]


def test_a_new_user_is_mailed_about_overdue_baskets_only(django_user_model):
    user = django_user_model.objects.create(username="ny")

    assert user.email_notifications == ["basket_overdue"]


@concurrent
def test_senders_at_the_same_moment_send_each_mail_once():
    for number in range(3):
        PendingMail.objects.create(
            to="karin.lund@region.se", subject=f"Order {number} är levererad", body="."
        )

    outcomes = run_together(*[send_pending_mail] * 4)

    assert sum(sent for sent, _ in outcomes) == 3
    assert sorted(sent.subject for sent in mail.outbox) == [
        f"Order {number} är levererad" for number in range(3)
    ]
    assert not PendingMail.objects.unsent().exists()

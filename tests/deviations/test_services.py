"""Registering deviations and customer service moving them along their
statuses: the number series, what a deviation is about, the refusals, the
state machine and the messages each change sends."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.uploads import check_attachment
from deviations.choices import TRANSITIONS, DeviationStatus
from deviations.models import Deviation
from deviations.services import attach_file, change_status, handle
from notices.models import Message, MessageKind, PendingMail
from tests.concurrency import concurrent, run_together
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    UserFactory,
)
from tests.orders.placed_helpers import placed_order
from tests.orders.upload_files import media_root, upload  # noqa: F401

from .helpers import make_deviation

REGISTERED = DeviationStatus.REGISTERED
INVESTIGATING = DeviationStatus.INVESTIGATING
RESOLVED = DeviationStatus.RESOLVED
CLOSED = DeviationStatus.CLOSED
# How to bring a new deviation to each status.
PATH_TO = {
    REGISTERED: [],
    INVESTIGATING: [INVESTIGATING],
    RESOLVED: [INVESTIGATING, RESOLVED],
    CLOSED: [INVESTIGATING, CLOSED],
}


def test_deviations_have_their_own_number_series(
    prescriber, wheelchair, wednesday_morning
):
    order = placed_order(prescriber)
    first = make_deviation(prescriber, wheelchair)
    second = make_deviation(prescriber, wheelchair)
    # 4 March 2026 is in ISO week 10; the order's series counts apart.
    assert order.number == "26100001"
    assert (first.number, second.number) == ("A26100001", "A26100002")


def test_reported_from_an_aid_it_is_about_its_article_individual_and_patient(
    prescriber, wheelchair, person, wednesday_morning
):
    deviation = make_deviation(prescriber, wheelchair)
    assert deviation.holding == wheelchair
    assert deviation.article.article_no == "17950"
    assert deviation.individual.individual_no == "I123456"
    assert deviation.person == person
    assert deviation.care_unit is None
    assert deviation.status == REGISTERED
    (first,) = deviation.status_changes.all()
    assert (first.status, first.changed_by) == (REGISTERED, prescriber)


def test_a_returned_aid_may_have_a_deviation(prescriber, wheelchair, wednesday_morning):
    wheelchair.returned_on = date(2026, 3, 2)
    wheelchair.save()
    assert make_deviation(prescriber, wheelchair).holding == wheelchair


def test_reported_from_an_order_line_it_is_about_the_line(
    prescriber, wednesday_morning
):
    order = placed_order(prescriber)
    line = order.lines.get()
    deviation = make_deviation(prescriber, order_line=line)
    assert deviation.order_line == line
    assert deviation.article == line.article
    assert deviation.recipient == order.recipient


def test_reported_from_an_article_it_has_no_recipient(prescriber, wednesday_morning):
    article = ArticleFactory()
    deviation = make_deviation(prescriber, article=article)
    assert deviation.article == article
    assert deviation.recipient is None


def test_reported_from_an_individual_it_is_about_the_unit(
    prescriber, wheelchair, wednesday_morning
):
    deviation = make_deviation(prescriber, individual=wheelchair.individual)
    assert (deviation.individual, deviation.article) == (
        wheelchair.individual,
        wheelchair.article,
    )
    assert deviation.recipient is None


def test_the_article_is_always_known(prescriber, wednesday_morning):
    with pytest.raises(ValidationError) as refused:
        make_deviation(prescriber)
    assert refused.value.code == "article"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"description": "  "}, "description"),
        ({"occurred_on": date(2026, 3, 5)}, "occurred_on"),
        ({"category": "nonsense"}, "category"),
    ],
)
def test_bad_input_is_refused(prescriber, wheelchair, wednesday_morning, fields, code):
    with pytest.raises(ValidationError) as refused:
        make_deviation(prescriber, wheelchair, **fields)
    assert refused.value.code == code
    assert not Deviation.objects.exists()


def test_today_is_not_the_future(prescriber, wheelchair, wednesday_morning):
    deviation = make_deviation(prescriber, wheelchair, occurred_on=timezone.localdate())
    assert deviation.occurred_on == date(2026, 3, 4)


def test_only_the_prescribers_own_customers(prescriber, wheelchair, wednesday_morning):
    with pytest.raises(ValidationError) as refused:
        make_deviation(prescriber, wheelchair, customer=CustomerFactory())
    assert refused.value.code == "customer"


def test_an_aid_not_yet_delivered_is_reported_from_its_order_line(
    prescriber, person, wednesday_morning
):
    ordered = HoldingFactory(person=person, delivered_on=None)
    with pytest.raises(ValidationError) as refused:
        make_deviation(prescriber, ordered)
    assert refused.value.code == "holding"


def test_the_same_token_twice_gives_the_one_deviation(
    prescriber, wheelchair, wednesday_morning
):
    token = uuid.uuid4()
    first = make_deviation(prescriber, wheelchair, token=token)
    again = make_deviation(prescriber, wheelchair, token=token, description="Ny")
    assert again == first
    assert Deviation.objects.count() == 1


def test_someone_elses_token_is_refused(
    prescriber, colleague, wheelchair, wednesday_morning
):
    token = uuid.uuid4()
    make_deviation(prescriber, wheelchair, token=token)
    with pytest.raises(ValidationError) as refused:
        make_deviation(colleague, wheelchair, token=token)
    assert refused.value.code == "token"


def test_files_are_stored_with_the_deviation(
    prescriber,
    wheelchair,
    wednesday_morning,
    media_root,  # noqa: F811
):
    photo = upload("bromsen.png")
    deviation = make_deviation(
        prescriber, wheelchair, files=[(photo, check_attachment(photo))]
    )
    (attached,) = deviation.attachments.all()
    assert (attached.original_name, attached.content_type) == (
        "bromsen.png",
        "image/png",
    )
    pdf = upload("foljesedel.pdf")
    attach_file(deviation, pdf, prescriber, check_attachment(pdf))
    assert deviation.attachments.count() == 2


def reach(deviation, status, staff):
    for step in PATH_TO[status]:
        deviation = change_status(deviation, step, staff)
    return deviation


ALL_PAIRS = [(old, new) for old in DeviationStatus for new in DeviationStatus]


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_only_the_allowed_transitions(deviation, staff, old, new):
    deviation = reach(deviation, old, staff)
    allowed = {
        (REGISTERED, INVESTIGATING),
        (INVESTIGATING, RESOLVED),
        (INVESTIGATING, CLOSED),
    }
    assert ((old, new) in allowed) == (new in TRANSITIONS[old])
    if old == new:
        # The same status again is no change, and no message.
        before = Message.objects.count()
        assert change_status(deviation, new, staff).status == old
        assert Message.objects.count() == before
    elif (old, new) in allowed:
        assert change_status(deviation, new, staff).status == new
    else:
        with pytest.raises(ValidationError) as refused:
            change_status(deviation, new, staff)
        assert refused.value.code == "status"
        assert Deviation.objects.get(pk=deviation.pk).status == old


def test_each_status_change_is_kept_and_messaged(deviation, staff, prescriber):
    change_status(deviation, INVESTIGATING, staff)
    deviation = change_status(deviation, RESOLVED, staff)
    assert [change.status for change in deviation.status_changes.all()] == [
        REGISTERED,
        INVESTIGATING,
        RESOLVED,
    ]
    assert deviation.finished_at is not None
    messages = list(Message.objects.filter(recipient=prescriber).order_by("created_at"))
    assert [message.subject for message in messages] == [
        f"Avvikelse {deviation.number}: under utredning",
        f"Avvikelse {deviation.number}: åtgärdad",
    ]
    assert {message.kind for message in messages} == {MessageKind.DEVIATION_CHANGED}
    assert {message.about for message in messages} == {deviation}


def test_handling_assigns_answers_and_moves_in_one_message(
    deviation, staff, prescriber
):
    handled = handle(
        deviation,
        staff,
        status=INVESTIGATING,
        handler=staff,
        answer="  Vi har kontaktat leverantören.  ",
        supplier_reference="ETAC-4711",
    )
    assert (handled.handler, handled.answer, handled.supplier_reference) == (
        staff,
        "Vi har kontaktat leverantören.",
        "ETAC-4711",
    )
    (message,) = Message.objects.filter(recipient=prescriber)
    assert "Vi har kontaktat leverantören." in message.body
    assert "under utredning" in message.body


def test_a_new_answer_alone_is_messaged_and_an_unchanged_save_is_not(
    deviation, staff, prescriber
):
    handle(deviation, staff, handler=staff, answer="", supplier_reference="")
    assert not Message.objects.exists()
    handle(deviation, staff, answer="Ersättningsdel skickas.")
    (message,) = Message.objects.filter(recipient=prescriber)
    assert message.subject == f"Avvikelse {deviation.number}: svar från kundtjänst"
    handle(deviation, staff, answer="Ersättningsdel skickas.")
    assert Message.objects.count() == 1


def test_the_handler_is_on_customer_service(deviation, prescriber):
    with pytest.raises(ValidationError) as refused:
        handle(deviation, prescriber, handler=prescriber)
    assert refused.value.code == "handler"


def test_mail_follows_for_the_prescriber_who_chose_it(
    prescriber, colleague, wheelchair, staff, wednesday_morning
):
    prescriber.email_notifications = [MessageKind.DEVIATION_CHANGED]
    prescriber.save()
    colleague.email_notifications = []
    colleague.save()
    mine = make_deviation(prescriber, wheelchair)
    theirs = make_deviation(colleague, wheelchair)
    change_status(mine, INVESTIGATING, staff)
    change_status(theirs, INVESTIGATING, staff)
    (mail,) = PendingMail.objects.all()
    assert mail.to == prescriber.email
    assert mail.subject == f"Avvikelse {mine.number}: under utredning"
    # Only the number and a link leave by mail, never the description.
    assert "Bromsen" not in mail.body
    assert mine.get_absolute_url() in mail.body


@concurrent
def test_parallel_registrations_with_one_token_make_one_deviation(
    prescriber, wheelchair
):
    token = uuid.uuid4()
    yesterday = timezone.localdate() - timedelta(days=1)

    outcomes = run_together(
        *[
            lambda: make_deviation(
                prescriber, wheelchair, token=token, occurred_on=yesterday
            )
        ]
        * 8
    )

    assert outcomes == [Deviation.objects.get(pk=token)] * 8


@concurrent
def test_parallel_staff_moves_make_one_change(prescriber, wheelchair, staff):
    deviation = make_deviation(prescriber, wheelchair, occurred_on=timezone.localdate())
    other = UserFactory(is_staff=True)

    outcomes = run_together(
        lambda: change_status(deviation, INVESTIGATING, staff),
        lambda: change_status(deviation, INVESTIGATING, other),
    )

    assert all(isinstance(outcome, Deviation) for outcome in outcomes)
    assert deviation.status_changes.count() == 2
    assert Message.objects.count() == 1

"""Sending a request for an article outside the assortment, the consultant's
decisions, and the order flow taking a granted article for exactly that
recipient, once."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from aids.recipients import Recipient
from core.uploads import check_attachment
from notices.models import Message, MessageKind
from orders.choices import OrderStatus
from orders.services import add_line, cancel_order, execute_order, orderable_articles
from outside_assortment.choices import RequestStatus
from outside_assortment.models import OutsideRequest
from outside_assortment.services import decide
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    PersonFactory,
)
from tests.notices.message_helpers import assert_message_links_to
from tests.orders.upload_files import media_root, upload  # noqa: F401

from .helpers import make_request

GRANTED = RequestStatus.GRANTED
REFUSED = RequestStatus.REFUSED
INSTEAD = RequestStatus.INSTEAD


def test_requests_have_their_own_weekly_number_series(
    prescriber, person, bath_lift, time_machine
):
    time_machine.move_to(date(2026, 11, 25))
    order = execute_order(
        add_line(DraftOrderFactory(prescriber=prescriber), ArticleFactory())[0].order,
        prescriber,
    )
    first = make_request(prescriber, person, article=bath_lift)
    second = make_request(prescriber, person, description="Specialsits")
    assert order.number == "26480001"
    assert (first.number, second.number) == ("U26480001", "U26480002")
    assert first.status == RequestStatus.SUBMITTED


def test_the_same_token_twice_gives_the_one_request(prescriber, person, bath_lift):
    token = uuid.uuid4()
    first = make_request(prescriber, person, article=bath_lift, token=token)
    again = make_request(prescriber, person, article=bath_lift, token=token)
    assert again == first
    assert OutsideRequest.objects.count() == 1


def test_someone_elses_token_is_refused(prescriber, colleague, person, bath_lift):
    token = uuid.uuid4()
    make_request(prescriber, person, article=bath_lift, token=token)
    with pytest.raises(ValidationError, match="redan skickats"):
        make_request(colleague, person, article=bath_lift, token=token)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": "  "}, "ingen artikel i sortimentet passar"),
        ({"article": None, "description": " "}, "beskriv artikeln"),
        ({"quantity": 0}, "heltal från 1"),
        ({"customer": "other"}, "ingen behörighet"),
    ],
)
def test_what_a_request_needs(prescriber, person, bath_lift, fields, message):
    if fields.get("customer") == "other":
        fields["customer"] = CustomerFactory()
    with pytest.raises(ValidationError, match=message):
        make_request(prescriber, person, **{"article": bath_lift, **fields})
    assert not OutsideRequest.objects.exists()


def test_an_article_in_the_assortment_is_ordered_instead(prescriber, person):
    with pytest.raises(ValidationError, match="ingår i sortimentet"):
        make_request(prescriber, person, article=ArticleFactory())


def test_a_deceased_patient_gets_no_request(prescriber, bath_lift):
    deceased = PersonFactory(deceased_on=date(2026, 1, 2))
    with pytest.raises(ValidationError, match="avliden"):
        make_request(prescriber, deceased, article=bath_lift)


def test_files_are_stored_with_the_request(prescriber, person, bath_lift, media_root):  # noqa: F811
    assessment = upload("bedomning.pdf")
    outside_request = make_request(
        prescriber,
        person,
        article=bath_lift,
        files=[(assessment, check_attachment(assessment))],
    )
    (attached,) = outside_request.attachments.all()
    assert attached.original_name == "bedomning.pdf"
    assert attached.file.name.startswith("outside/")


@pytest.mark.parametrize("status", [GRANTED, REFUSED, INSTEAD])
def test_a_request_is_decided_once(outside_request, staff, status):
    decide(
        outside_request,
        status,
        staff,
        note="Se motivering.",
        instead=ArticleFactory() if status == INSTEAD else None,
    )
    for again in [GRANTED, REFUSED, INSTEAD, RequestStatus.SUBMITTED]:
        with pytest.raises(ValidationError, match="kan inte gå från"):
            decide(outside_request, again, staff, note="x", instead=ArticleFactory())
    outside_request.refresh_from_db()
    assert outside_request.status == status
    assert outside_request.decided_by == staff


def test_a_refusal_needs_a_reason(outside_request, staff):
    with pytest.raises(ValidationError, match="varför begäran avslås"):
        decide(outside_request, REFUSED, staff, note=" ")
    outside_request.refresh_from_db()
    assert outside_request.status == RequestStatus.SUBMITTED


def test_instead_needs_an_article_in_the_assortment(outside_request, staff, bath_lift):
    for instead in [None, bath_lift]:
        with pytest.raises(ValidationError, match="artikel i sortimentet"):
            decide(outside_request, INSTEAD, staff, instead=instead)
    rollator = ArticleFactory(name="Rollator")
    decide(outside_request, INSTEAD, staff, instead=rollator)
    outside_request.refresh_from_db()
    assert outside_request.instead == rollator


def test_granting_a_described_article_names_one_outside_the_assortment(
    prescriber, person, staff, bath_lift
):
    described = make_request(prescriber, person, description="En badkarslyft")
    with pytest.raises(ValidationError, match="Välj artikeln som beviljas"):
        decide(described, GRANTED, staff)
    with pytest.raises(ValidationError, match="ingår i sortimentet"):
        decide(described, GRANTED, staff, article=ArticleFactory())
    decide(described, GRANTED, staff, article=bath_lift)
    described.refresh_from_db()
    assert described.article == bath_lift


@pytest.mark.parametrize(
    ("status", "subject"),
    [(GRANTED, "är beviljad"), (REFUSED, "är avslagen"), (INSTEAD, "använd en")],
)
def test_each_decision_is_messaged_to_the_prescriber(
    client, outside_request, prescriber, staff, status, subject
):
    decide(
        outside_request,
        status,
        staff,
        note="Kontrollera måtten.",
        instead=ArticleFactory() if status == INSTEAD else None,
    )
    message = Message.objects.get(recipient=prescriber)
    assert subject in message.subject
    assert outside_request.number in message.subject
    assert "Kontrollera måtten." in message.body
    assert message.kind == MessageKind.OUTSIDE_REQUEST_DECIDED
    assert_message_links_to(
        client,
        prescriber,
        outside_request.get_absolute_url(),
        outside_request.number,
    )


def _draft(prescriber, person):
    return DraftOrderFactory(prescriber=prescriber, person=person)


def test_without_a_grant_the_article_is_refused(prescriber, person, outside_request):
    with pytest.raises(ValidationError, match="ingår inte i sortimentet"):
        add_line(_draft(prescriber, person), outside_request.article)


def test_a_granted_article_is_ordered_once_for_that_recipient(
    prescriber, person, staff, outside_request, bath_lift
):
    decide(outside_request, GRANTED, staff)
    other_patient = PersonFactory()
    with pytest.raises(ValidationError, match="ingår inte i sortimentet"):
        add_line(_draft(prescriber, other_patient), bath_lift)
    with pytest.raises(ValidationError):
        orderable_articles(["55555"], _draft(prescriber, other_patient))

    draft = _draft(prescriber, person)
    assert orderable_articles(["55555"], draft) == [bath_lift]
    (line,) = add_line(draft, bath_lift)
    assert line.outside_request == outside_request
    order = execute_order(draft, prescriber)
    assert order.status == OrderStatus.REGISTERED
    outside_request.refresh_from_db()
    assert outside_request.used_at is not None
    assert outside_request.order_number == order.number

    with pytest.raises(ValidationError, match="ingår inte i sortimentet"):
        add_line(_draft(prescriber, person), bath_lift)


def test_two_drafts_of_one_grant_execute_only_once(
    prescriber, colleague, person, staff, outside_request, bath_lift
):
    decide(outside_request, GRANTED, staff)
    first = _draft(prescriber, person)
    second = _draft(colleague, person)
    add_line(first, bath_lift)
    add_line(second, bath_lift)
    execute_order(first, prescriber)
    with pytest.raises(ValidationError, match="redan använd"):
        execute_order(second, colleague)
    second.refresh_from_db()
    assert second.is_draft


def test_more_than_granted_is_refused_at_execution(
    prescriber, person, staff, outside_request, bath_lift
):
    decide(outside_request, GRANTED, staff)
    draft = _draft(prescriber, person)
    add_line(draft, bath_lift, quantity=2)
    with pytest.raises(ValidationError, match="gäller 1 st"):
        execute_order(draft, prescriber)
    outside_request.refresh_from_db()
    assert outside_request.used_at is None


def test_a_cancelled_order_gives_the_grant_back(
    prescriber, person, staff, outside_request, bath_lift
):
    decide(outside_request, GRANTED, staff)
    draft = _draft(prescriber, person)
    add_line(draft, bath_lift)
    cancel_order(execute_order(draft, prescriber), prescriber)
    outside_request.refresh_from_db()
    assert (outside_request.used_at, outside_request.order_number) == (None, "")
    (line,) = add_line(_draft(prescriber, person), bath_lift)
    assert line.outside_request == outside_request


def test_a_care_units_grant_is_the_care_units(prescriber, customer, staff, bath_lift):
    outside_request = make_request(
        prescriber, None, recipient=Recipient(care_unit=customer), article=bath_lift
    )
    decide(outside_request, GRANTED, staff)
    unit_draft = DraftOrderFactory(
        prescriber=prescriber, person=None, care_unit=customer
    )
    (line,) = add_line(unit_draft, bath_lift)
    assert line.outside_request == outside_request

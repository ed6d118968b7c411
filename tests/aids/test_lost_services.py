"""Borttappat hjälpmedel, the services: a report gets a number of its own
series and marks the aid lost from its date; customer service confirms or
rejects it (a rejection restores the aid); a found aid is restored; only
these transitions, and one open report per aid even under concurrency."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aids import services
from aids.choices import LOST_TRANSITIONS, HistoryKind, LostReportStatus
from aids.models import IndividualHistory, LostReport
from notices.models import Message, MessageKind
from tests.concurrency import concurrent, run_together
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PersonFactory,
    UserFactory,
)

from .lost_helpers import DELIVERED, report

pytestmark = pytest.mark.usefixtures("wednesday_morning")


@pytest.fixture
def wheelchair(db):
    article = ArticleFactory(individually_marked=True, name="Rullstol")
    return HoldingFactory(
        person=PersonFactory(),
        article=article,
        individual=IndividualFactory(article=article),
        delivered_on=DELIVERED,
    )


def history(holding):
    return list(
        IndividualHistory.objects.filter(individual=holding.individual)
        .order_by("id")
        .values_list("kind", "happened_on", "person_id", "note")
    )


def test_a_report_numbers_the_case_and_marks_the_aid_lost_from_its_date(
    wheelchair, prescriber, customer
):
    first = report(wheelchair, prescriber, customer, police_report_no=" 5000-K1 ")
    other = HoldingFactory(delivered_on=DELIVERED)
    second = report(other, prescriber, customer)

    assert first.number == "BH26100001"  # ISO week 10 of 2026
    assert second.number == "BH26100002"
    assert first.status == LostReportStatus.REPORTED
    assert (first.reported_by, first.customer) == (prescriber, customer)
    assert first.police_report_no == "5000-K1"
    wheelchair.refresh_from_db()
    assert wheelchair.lost_on == date(2026, 3, 2)
    assert history(wheelchair) == [
        (HistoryKind.LOST, date(2026, 3, 2), wheelchair.person_id, str(first))
    ]


def test_an_aid_without_individual_is_reported_without_history(prescriber, customer):
    cushion = HoldingFactory(delivered_on=DELIVERED)

    report(cushion, prescriber, customer)

    cushion.refresh_from_db()
    assert cushion.lost_on == date(2026, 3, 2)
    assert not IndividualHistory.objects.exists()


@pytest.mark.parametrize(
    ("lost_on", "field", "message"),
    [
        (date(2026, 3, 5), "lost_on", "Datumet kan inte vara senare än i dag."),
        (
            date(2026, 2, 1),
            "lost_on",
            "Datumet kan inte vara före leveransdatum 2026-02-02.",
        ),
    ],
)
def test_the_date_is_not_in_the_future_nor_before_delivery(
    wheelchair, prescriber, customer, lost_on, field, message
):
    with pytest.raises(ValidationError) as refused:
        report(wheelchair, prescriber, customer, lost_on=lost_on)

    assert refused.value.message_dict == {field: [message]}
    assert not LostReport.objects.exists()


def test_the_delivery_day_and_today_are_allowed(wheelchair, prescriber, customer):
    assert report(wheelchair, prescriber, customer, lost_on=DELIVERED)
    other = HoldingFactory(delivered_on=DELIVERED)
    assert report(other, prescriber, customer, lost_on=date(2026, 3, 4))


def test_circumstances_are_required_and_the_customer_must_be_the_users(
    wheelchair, prescriber
):
    with pytest.raises(ValidationError) as refused:
        report(wheelchair, prescriber, CustomerFactory(), circumstances="  ")

    assert refused.value.message_dict == {
        "customer": ["Välj en av dina kunder i listan."],
        "circumstances": ["Beskriv omständigheterna."],
    }


@pytest.mark.parametrize(
    "fields",
    [{"delivered_on": None}, {"returned_on": date(2026, 3, 1)}],
    ids=["not delivered", "returned"],
)
def test_only_a_held_aid_is_reported(prescriber, customer, fields):
    holding = HoldingFactory(**fields)

    with pytest.raises(ValidationError) as refused:
        report(holding, prescriber, customer)

    assert refused.value.code == "not_held"


def test_a_second_report_of_the_aid_is_refused(wheelchair, prescriber, customer):
    report(wheelchair, prescriber, customer)

    with pytest.raises(ValidationError) as refused:
        report(wheelchair, prescriber, customer)

    assert refused.value.code == "already_reported"
    assert LostReport.objects.count() == 1


def test_the_database_allows_one_open_report_per_aid(wheelchair, prescriber, customer):
    first = report(wheelchair, prescriber, customer)

    with pytest.raises(IntegrityError), transaction.atomic():
        LostReport.objects.create(
            number="BH26109999",
            holding=wheelchair,
            customer=customer,
            lost_on=first.lost_on,
            circumstances="x",
            reported_by=prescriber,
        )


@concurrent
def test_eight_simultaneous_submits_make_one_report(customer):
    prescriber = UserFactory(customers=[customer])
    holding = HoldingFactory(delivered_on=DELIVERED)

    outcomes = run_together(*[lambda: report(holding, prescriber, customer).number] * 8)

    numbers = [o for o in outcomes if isinstance(o, str)]
    assert len(numbers) == 1, outcomes
    assert all(
        o.code == "already_reported" for o in outcomes if not isinstance(o, str)
    ), outcomes
    assert LostReport.objects.count() == 1


def test_confirming_keeps_the_aid_lost_and_tells_the_prescriber(
    wheelchair, prescriber, customer, staff
):
    case = report(wheelchair, prescriber, customer)

    services.confirm_lost(staff, case, answer="Ersätts enligt avtal.")

    case.refresh_from_db()
    wheelchair.refresh_from_db()
    assert case.status == LostReportStatus.CONFIRMED
    assert (case.handled_by, case.answer) == (staff, "Ersätts enligt avtal.")
    assert case.handled_at is not None
    assert wheelchair.lost_on == date(2026, 3, 2)
    assert [kind for kind, *_ in history(wheelchair)] == [
        HistoryKind.LOST,
        HistoryKind.LOST_CONFIRMED,
    ]
    message = Message.objects.get(recipient=prescriber)
    assert message.subject == f"Borttappat hjälpmedel {case.number} är bekräftat"
    assert message.kind == MessageKind.LOST_REPORT_DECIDED
    assert message.about == case
    assert "Hyran debiteras inte från 2026-03-02." in message.body
    assert "Ersätts enligt avtal." in message.body


def test_rejecting_restores_the_aid_and_tells_the_prescriber(
    wheelchair, prescriber, customer, staff
):
    case = report(wheelchair, prescriber, customer)

    services.reject_lost(staff, case, answer="Hjälpmedlet finns på boendet.")

    case.refresh_from_db()
    wheelchair.refresh_from_db()
    assert case.status == LostReportStatus.REJECTED
    assert wheelchair.lost_on is None
    assert [kind for kind, *_ in history(wheelchair)] == [
        HistoryKind.LOST,
        HistoryKind.LOST_REJECTED,
    ]
    message = Message.objects.get(recipient=prescriber)
    assert message.subject == f"Borttappat hjälpmedel {case.number} är avslaget"
    assert "Hjälpmedlet finns på boendet." in message.body
    # Rejected, the aid may be reported again.
    assert report(wheelchair, prescriber, customer).number != case.number


@pytest.mark.parametrize("confirmed_first", [False, True])
def test_a_found_aid_is_restored_and_the_case_reopened(
    wheelchair, prescriber, colleague, customer, staff, confirmed_first
):
    case = report(wheelchair, prescriber, customer)
    if confirmed_first:
        services.confirm_lost(staff, case)

    services.report_found(colleague, case, found_on=date(2026, 3, 3))

    case.refresh_from_db()
    wheelchair.refresh_from_db()
    assert case.status == LostReportStatus.FOUND
    assert (case.found_on, case.found_reported_by) == (date(2026, 3, 3), colleague)
    assert wheelchair.lost_on is None
    kinds = [(kind, day) for kind, day, *_ in history(wheelchair)]
    assert kinds[-1] == (HistoryKind.FOUND, date(2026, 3, 3))


@pytest.mark.parametrize(
    ("found_on", "message"),
    [
        (date(2026, 3, 5), "Datumet kan inte vara senare än i dag."),
        (
            date(2026, 3, 1),
            "Datumet kan inte vara före datumet då det tappades bort, 2026-03-02.",
        ),
    ],
)
def test_found_is_not_in_the_future_nor_before_the_loss(
    wheelchair, prescriber, customer, found_on, message
):
    case = report(wheelchair, prescriber, customer)

    with pytest.raises(ValidationError) as refused:
        services.report_found(prescriber, case, found_on=found_on)

    assert refused.value.message_dict == {"found_on": [message]}
    case.refresh_from_db()
    assert case.status == LostReportStatus.REPORTED


ACTIONS = {
    LostReportStatus.CONFIRMED: lambda user, case: services.confirm_lost(user, case),
    LostReportStatus.REJECTED: lambda user, case: services.reject_lost(user, case),
    LostReportStatus.FOUND: lambda user, case: services.report_found(
        user, case, found_on=date(2026, 3, 4)
    ),
}
PATHS = {
    LostReportStatus.REPORTED: [],
    LostReportStatus.CONFIRMED: [LostReportStatus.CONFIRMED],
    LostReportStatus.REJECTED: [LostReportStatus.REJECTED],
    LostReportStatus.FOUND: [LostReportStatus.FOUND],
}


@pytest.mark.parametrize("start", list(LostReportStatus))
@pytest.mark.parametrize("to", list(ACTIONS))
def test_only_the_allowed_transitions(
    wheelchair, prescriber, customer, staff, start, to
):
    case = report(wheelchair, prescriber, customer)
    for step in PATHS[start]:
        ACTIONS[step](staff, case)

    if to in LOST_TRANSITIONS[start]:
        ACTIONS[to](staff, case)
        case.refresh_from_db()
        assert case.status == to
    else:
        with pytest.raises(ValidationError) as refused:
            ACTIONS[to](staff, case)
        assert refused.value.code == "transition"
        case.refresh_from_db()
        assert case.status == start


def test_the_transitions_are_those_the_issue_names():
    reported, confirmed, rejected, found = (
        LostReportStatus.REPORTED,
        LostReportStatus.CONFIRMED,
        LostReportStatus.REJECTED,
        LostReportStatus.FOUND,
    )
    assert LOST_TRANSITIONS == {
        reported: {confirmed, rejected, found},
        confirmed: {found},
        rejected: set(),
        found: set(),
    }


def test_visible_to_the_customers_prescribers_and_staff(
    wheelchair, prescriber, colleague, outsider, staff, customer
):
    case = report(wheelchair, prescriber, customer)

    for user in (prescriber, colleague, staff):
        assert list(LostReport.objects.visible_to(user)) == [case]
    assert not LostReport.objects.visible_to(outsider).exists()

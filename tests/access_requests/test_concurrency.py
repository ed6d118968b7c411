"""Real concurrent transactions (tests.concurrency): a double click on
Skicka ansökan, submits past the limit at once, and a manager's two clicks."""

import uuid

from access_requests import services
from access_requests.choices import RequestStatus
from access_requests.models import AccessRequest
from tests.concurrency import concurrent, run_together

from .helpers import application_data, link_token

pytestmark = concurrent

THREADS = 4


def submission(customers, **changes):
    data = application_data(customers, **changes)
    return {**data, "token": uuid.UUID(data["token"]), "customers": customers}


def test_a_double_click_sends_one_application(customers, mailoutbox):
    data = submission(customers)
    outcomes = run_together(
        *[lambda: services.submit(ip="10.0.0.1", **data) for _ in range(THREADS)]
    )
    assert all(outcome == outcomes[0] for outcome in outcomes)
    assert AccessRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_limit_holds_for_submits_at_once(customers, settings, mailoutbox):
    settings.ACCESS_REQUEST_LIMIT_PER_IP = 2
    outcomes = run_together(
        *[
            lambda n=n: services.submit(
                ip="10.0.0.1", **submission(customers, email=f"a{n}@region.se")
            )
            for n in range(THREADS)
        ]
    )
    throttled = [o for o in outcomes if isinstance(o, services.Throttled)]
    assert len(throttled) == THREADS - 2
    assert AccessRequest.objects.count() == 2


def test_the_managers_link_decides_once_when_clicked_twice(customers, mailoutbox):
    services.submit(ip="10.0.0.1", **submission(customers))
    token = link_token(mailoutbox[0])
    outcomes = run_together(
        lambda: services.decide(token, approve=True, ip="192.0.2.7"),
        lambda: services.decide(token, approve=False, ip="192.0.2.7"),
    )
    refused = [o for o in outcomes if isinstance(o, services.LinkRefused)]
    assert len(refused) == 1
    [decided] = [o for o in outcomes if isinstance(o, AccessRequest)]
    assert (
        AccessRequest.objects.get().status
        == decided.status
        != (RequestStatus.SUBMITTED)
    )

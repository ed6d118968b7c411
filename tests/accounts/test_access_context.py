"""The AccessContext: what the access log records of a request, handed to the
services instead of the request, and what makes a response no-store."""

import pytest
from django.http import HttpResponse

from accounts.access import AccessContext, access_context
from accounts.choices import AccessAction
from accounts.middleware import NoStoreForPersonsMiddleware
from accounts.models import AccessLog
from accounts.services import log_access
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_service_logs_without_a_request(prescriber, customer):
    """As a management command or a job would: a context built from a user."""
    person = PersonFactory()
    context = AccessContext(user=prescriber)

    [entry] = log_access(context, person, AccessAction.EXPORT)

    entry = AccessLog.objects.get(pk=entry.pk)
    assert (entry.user, entry.customer, entry.path) == (prescriber, customer, "")
    assert entry.person == person
    assert context.shows_person


def test_a_request_has_one_context(rf, prescriber):
    request = rf.get("/hjalpmedel/")
    request.user = prescriber

    context = access_context(request)

    assert access_context(request) is context
    assert (context.user, context.path, context.session_key) == (
        prescriber,
        "/hjalpmedel/",
        None,
    )


def respond(rf, user, view):
    request = rf.get("/sida/")
    request.user = user
    return NoStoreForPersonsMiddleware(view)(request)


def test_a_response_that_logged_a_person_is_no_store(rf, prescriber):
    person = PersonFactory()

    def view(request):
        log_access(access_context(request), person, AccessAction.VIEW)
        return HttpResponse()

    assert "no-store" in respond(rf, prescriber, view)["Cache-Control"]


@pytest.mark.parametrize("persons", [[], None], ids=["nobody logged", "no context"])
def test_a_response_that_showed_nobody_may_be_cached(rf, prescriber, persons):
    def view(request):
        if persons is not None:
            log_access(access_context(request), persons, AccessAction.SEARCH)
        return HttpResponse()

    assert not respond(rf, prescriber, view).has_header("Cache-Control")

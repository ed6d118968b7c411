"""Helpers shared by the Hjälpmedel (F-03) tests."""

from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.choices import CareReason
from aids.services import confirm_care_relationship


def aids_url(key, name="recipient_aids", *args):
    return reverse(name, args=[str(key), *args])


def assert_no_personnummer(response, *numbers):
    """Neither the 12- nor the 10-digit form of a number in the request's URL,
    a redirect or the access log's paths."""
    urls = [response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]]
    urls += [url for url, _status in getattr(response, "redirect_chain", [])]
    if "Location" in response:
        urls.append(response["Location"])
    urls += AccessLog.objects.values_list("path", flat=True)
    for number in numbers:
        for form in (number, number[2:], number[2:8] + "-" + number[8:]):
            assert all(form not in url for url in urls), (form, urls)


def views_logged(person, action=AccessAction.VIEW):
    return AccessLog.objects.filter(person_id=str(person.pk), action=action)


def log_in_caring_for(client, user, *persons):
    """Log `user` in with a care relationship with `persons` confirmed for
    that session, as the confirmation page leaves it."""
    client.force_login(user)
    for person in persons:
        confirm_care_relationship(
            user,
            person,
            reason=CareReason.FOLLOW_UP,
            session_key=client.session.session_key,
        )

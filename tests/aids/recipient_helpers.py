"""Helpers shared by the Hjälpmedel (F-03) tests."""

from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog


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

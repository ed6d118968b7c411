"""Helpers shared by the tests of the order steps 1–3 and the alternatives."""

import uuid

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Order


def token():
    """A new form token, as the pages that start a draft carry."""
    return str(uuid.uuid4())


def url(name, *args):
    return reverse(name, args=[str(arg) for arg in args])


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def drafts(user):
    return list(Order.objects.drafts_of(user))


def lines_of(order):
    return list(order.lines.select_related("article", "payer").order_by("position"))


def queries(call):
    """How many queries `call()` makes, and its result."""
    with CaptureQueriesContext(connection) as context:
        result = call()
    return len(context), result


def shown(client, order):
    """The page and what its form would send back unchanged."""
    response = client.get(url("order_lines", order.pk))
    form = response.context["form"]
    data = {"version": response.context["version"], "save": ""}
    management = form.management_form
    for name in management.fields:
        data[management[name].html_name] = management[name].value()
    for row in form:
        data[row["quantity"].html_name] = row["quantity"].value()
        data[row["payer"].html_name] = row["payer"].value() or ""
    return response, data

"""Malformed input to the admin is answered, not a server error (issue 10,
point 7): every date hierarchy, every autocomplete field and the audit
trail's parameters, found by fuzzing the admin as customer service."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import CustomerFactory

MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)
DATED = [(model, each) for model, each in MODEL_ADMINS if each.date_hierarchy]
EVENTS = "/admin/pghistory/events/"


@pytest.fixture
def staff_client(staff):
    # Server errors as responses, as customer service would meet them.
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    return client


def changelist(model):
    info = (model._meta.app_label, model._meta.model_name)
    return reverse("admin:{}_{}_changelist".format(*info))


@pytest.mark.parametrize(
    ("model", "model_admin"), DATED, ids=[model._meta.label for model, _ in DATED]
)
@pytest.mark.parametrize(
    "query",
    [
        "{}__year=99999999999999999999",
        "{}__year=2026&{}__month=99999999999999999999",
        "{}__year=9999&{}__month=12",
        "{}__year=9999&{}__month=12&{}__day=31",
    ],
)
def test_a_date_out_of_range_in_a_date_hierarchy_is_a_wrong_filter(
    staff_client, model, model_admin, query
):
    url = changelist(model)
    field = model_admin.date_hierarchy
    response = staff_client.get(f"{url}?{query.format(field, field, field)}")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


def test_every_admin_with_a_date_hierarchy_is_tested():
    labels = {model._meta.label for model, _ in DATED}
    assert {"axes.AccessLog", "accounts.AccessLog", "orders.Order"} <= labels


def autocomplete_fields(staff):
    """(add page, form field name, its management form) of every
    autocomplete field, in the admins' forms and their inlines'."""
    request = RequestFactory().get("/")
    request.user = staff
    found = []
    for model, model_admin in MODEL_ADMINS:
        if not model_admin.has_add_permission(request):
            continue
        add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        found += [(add, name, {}) for name in model_admin.autocomplete_fields]
        for inline in model_admin.get_inline_instances(request):
            prefix = inline.get_formset(request).get_default_prefix()
            management = {f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0}
            found += [
                (add, f"{prefix}-0-{name}", management)
                for name in inline.autocomplete_fields
            ]
    return found


def test_a_word_in_an_autocomplete_field_is_an_invalid_choice_or_no_initial_value(
    staff_client, staff
):
    fields = autocomplete_fields(staff)
    assert len(fields) >= 5
    for add, name, management in fields:
        response = staff_client.post(add, {name: "\ufffd(", **management})
        assert response.status_code == 200, (add, name, response.status_code)
        assert "Välj ett giltigt alternativ" in response.text, (add, name)
        # The add page takes its initial values from the query.
        response = staff_client.get(add, {name: "\ufffd("})
        assert response.status_code == 200, (add, name, response.status_code)


def test_the_audit_trail_refuses_a_malformed_event_model_object_or_back(
    staff_client,
):
    customer = CustomerFactory()
    obj = f"accounts.customer:{customer.pk}"
    for query in (
        "event_model=kund",
        "event_model=nothing.here",
        "event_model=accounts.customer",
        "obj=accounts.customer:\ufffd(",
        "obj=pghistory.context:1",
        f"obj={obj}&back=https://example.com/",
        f"obj={obj}&back=javascript:alert(1)",
    ):
        assert staff_client.get(EVENTS, _pairs(query)).status_code == 400
    missing = f"accounts.customer:{customer.pk + 1}"
    assert staff_client.get(EVENTS, {"obj": missing}).status_code == 404
    for query in (
        f"obj={obj}",
        f"obj={obj}&method=tracks&back=/admin/accounts/customer/",
        "event_model=accounts.customerevent",
    ):
        response = staff_client.get(EVENTS, _pairs(query))
        assert response.status_code == 200, query


def _pairs(query):
    return dict(pair.split("=", 1) for pair in query.split("&"))

"""Customer service's admin is in Swedish: every admin page, rendered with
the demo data, shows none of the English that Django, django-axes and
pghistory would otherwise leave on it."""

import html
import re
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog, User
from aids.choices import CareReason
from aids.models import Holding, Person
from aids.services import confirm_care_relationship
from catalog.models import ArticlePrice
from invoicing.services import invoice_month
from notices.models import PendingMail

# Whole words or phrases, any case. The demo's product names are English
# brands (Action, Care, Balance…), so the list names UI words only.
ENGLISH = [
    "Filter by",
    "Select an option",
    "Events",
    "event model",
    "label",
    "warehouse code",
    "person type",
    "access attempts?",
    "access failures?",
    "access logs?",
    "Axes",
    "Pghistory",
    "Can (add|change|delete|view)",
    # Case-sensitive: axes keeps the form's field names in its POST data.
    "(?-i:Username)",
    "User Agent",
    "IP Address",
    "Attempt Time",
    "Path",
    "Logout",
    "Locked Out",
    "about (type|id)",
    "object",
    "model",
    "method",
    "tracks",
    "diff",
    "insert",
    "update",
    "Show all",
    "Add",
    "Save",
    "Delete",
    "History",
    "Search",
    "Home",
    "View site",
    "Log out",
    "number counter",
    "work order",
    "order line",
    "status change",
    "pickup",
    "holding",
    "individual",
    "recipient",
    "supplier",
    "warehouse",
    "accessory",
    "draft",
    "registered",
]
PATTERN = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


def visible_text(response):
    text = response.content.decode()
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<[^>]+>", " ", text)
    text = html.unescape(text)
    # Paths (the access log's "sida") are addresses, not words.
    text = re.sub(r"(?<!\S)/\S*", " ", text)
    return re.sub(r"\s+", " ", text)


def english_in(response):
    text = visible_text(response)
    return sorted(
        {text[max(0, m.start() - 30) : m.end() + 30] for m in PATTERN.finditer(text)}
    )


MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda item: item[0]._meta.label
)


def admin_url(model, page, *args):
    info = (model._meta.app_label, model._meta.model_name, page)
    return reverse("admin:{}_{}_{}".format(*info), args=args)


def first_object(model_admin, staff):
    """What the admin itself would list first (pghistory's events have no
    default manager rows)."""
    model = model_admin.model
    request = RequestFactory().get(admin_url(model, "changelist"))
    request.user = staff
    request.resolver_match = resolve(request.path)
    return model_admin.get_queryset(request).first()


@pytest.fixture
def staff_user(seeded, client):
    """Customer service, with a failed login, a patient's page seen, a
    confirmed care relationship, a group, a queued mail, an invoice and a
    scheduled job's run, so
    that those pages have rows to show."""
    client.post(reverse("login"), {"username": "anna.lind", "password": "fel lösenord"})
    user = User.objects.get(username="kundtjanst")
    Group.objects.create(name="Kundtjänst").permissions.set(
        Permission.objects.filter(codename__startswith="view_")
    )
    person = Person.objects.first()
    AccessLog.objects.create(user=user, action=AccessAction.VIEW, person=person)
    confirm_care_relationship(
        User.objects.get(username="anna.lind"),
        person,
        reason=CareReason.FOLLOW_UP,
        session_key="demo-session",
    )
    # A scheduled job's run, before the queued mail it would send.
    call_command("run_scheduled", "--job", "clearsessions", stdout=StringIO())
    PendingMail.objects.create(
        to="anna.lind@example.se", subject="Order 1 är levererad", body="."
    )
    # The demo has no prices: rent one held aid out for its month.
    holding = Holding.objects.filter(
        payer__isnull=False, delivered_on__isnull=False, delivered_quantity__gt=0
    ).first()
    ArticlePrice.objects.filter(article=holding.article).delete()
    ArticlePrice.objects.create(
        article=holding.article, valid_from=holding.delivered_on, monthly_rent=100
    )
    invoice_month(holding.delivered_on)
    return user


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def assert_swedish(response):
    assert response.status_code == 200, response.status_code
    assert english_in(response) == []


def test_the_index_and_every_app_page(admin_client):
    assert_swedish(admin_client.get(reverse("admin:index")))
    for label in sorted({model._meta.app_label for model, _ in MODEL_ADMINS}):
        assert_swedish(admin_client.get(reverse("admin:app_list", args=[label])))


@pytest.mark.parametrize(
    ("model", "model_admin"),
    MODEL_ADMINS,
    ids=[model._meta.label for model, _ in MODEL_ADMINS],
)
def test_every_list_add_change_and_history_page(
    admin_client, staff_user, model, model_admin
):
    assert_swedish(admin_client.get(admin_url(model, "changelist")))
    request = RequestFactory().get("/")
    request.user = staff_user
    if model_admin.has_add_permission(request):
        assert_swedish(admin_client.get(admin_url(model, "add")))
    obj = first_object(model_admin, staff_user)
    assert obj is not None, "the demo data has none to show"
    assert_swedish(admin_client.get(admin_url(model, "change", obj.pk)))
    try:
        history = admin_url(model, "history", obj.pk)
    except NoReverseMatch:
        return
    assert_swedish(admin_client.get(history))


def test_the_filters_chosen(admin_client):
    """A chosen filter shows its title and choices again, and pghistory's
    filters only appear once chosen."""
    events = reverse("admin:pghistory_events_changelist")
    for url in (
        events + "?label=update",
        events + "?event_model=orders.orderevent",
        reverse("admin:orders_order_changelist") + "?status=registered",
        reverse("admin:accounts_accesslog_changelist") + "?action__exact=view",
    ):
        assert_swedish(admin_client.get(url))

"""The causes of server errors found by fuzzing, each at its cause, and the
error pages themselves: Swedish, in the layout, without details (issue 10,
point 7). The fuzz test over every page is test_fuzz.py."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from orders.models import Order
from tests.accounts.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client(settings):
    """A client that answers like production: no DEBUG, exceptions turned
    into the 500 page instead of raised into the test."""
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("login_url", ["/konto/logga-in/", "/admin/login/"])
def test_an_overlong_username_is_refused_by_the_login_form(quiet_client, login_url):
    response = quiet_client.post(
        login_url, {"username": "a" * 300, "password": "x" * 20}
    )

    assert response.status_code == 200
    assert "som mest 150 tecken" in response.text
    assert not AccessAttempt.objects.exists()


def test_axes_records_an_overlong_username_cut_to_what_its_tables_hold(db, rf):
    from django.contrib.auth import authenticate

    request = rf.post("/konto/logga-in/")
    assert authenticate(request, username="b" * 300, password="x") is None

    assert AccessAttempt.objects.get().username == "b" * 255
    assert AccessFailureLog.objects.get().username == "b" * 255


def test_a_normal_failed_login_is_still_counted_under_the_username(client):
    user = UserFactory()

    log_in(client, user.username, "fel lösenord helt och hållet")

    assert AccessAttempt.objects.get().username == user.username


def test_an_overlong_help_topic_is_the_general_help(quiet_client):
    response = quiet_client.get(reverse("help", args=["a" * 5000]))

    assert response.status_code == 200
    assert "Hjälp: webSesam" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/individkort/abc%00def/",
        "/admin/orders/order/?status__exact=%00",
        "/admin/accounts/customer/?kundid=%00",
        "/admin/accounts/accesslog/?action__exact=%00",
        "/sok-artikel/?q=a%00",
    ],
)
def test_a_nul_character_in_the_path_or_query_is_a_bad_request(
    quiet_client, staff, url
):
    quiet_client.force_login(staff)

    response = quiet_client.get(url)

    assert response.status_code == 400
    assert "Felaktig begäran" in response.text


def test_a_nul_character_in_a_posted_field_is_a_bad_request(quiet_client, prescriber):
    quiet_client.force_login(prescriber)

    response = quiet_client.post(reverse("order_new"), {"personnummer": "1\x002"})

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_the_500_page_is_swedish_in_the_layout_without_details(
    quiet_client, prescriber, monkeypatch
):
    def fail(*args, **kwargs):
        raise DatabaseError("secret detail from the database")

    monkeypatch.setattr("websesam.views.render", fail)
    quiet_client.force_login(prescriber)

    response = quiet_client.get(reverse("start"))

    assert response.status_code == 500
    assert '<html lang="sv">' in response.text
    assert "<h1>Något gick fel</h1>" in response.text
    assert 'class="site-header' in response.text
    assert "090-785 93 65" in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/finns-inte/", 404, "Sidan finns inte"),
        ("/sok-artikel/?q=%00", 400, "Felaktig begäran"),
    ],
)
def test_the_error_pages_are_swedish_in_the_layout(
    quiet_client, prescriber, url, status, heading
):
    quiet_client.force_login(prescriber)

    response = quiet_client.get(url)

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.text
    assert '<html lang="sv">' in response.text
    assert "Till startsidan" in response.text
    assert "Inloggad:" in response.text or status == 400


def test_the_403_page_is_swedish_in_the_layout(quiet_client):
    # Staff without the permission to see orders.
    quiet_client.force_login(UserFactory(is_staff=True))

    response = quiet_client.get("/admin/orders/order/")

    assert response.status_code == 403
    assert "<h1>Åtkomst nekad</h1>" in response.text
    assert 'class="site-header' in response.text


def test_a_missing_csrf_token_is_a_swedish_403_in_the_layout(settings, prescriber):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(prescriber)

    response = client.post(reverse("order_new"), {"personnummer": "1"})

    assert response.status_code == 403
    assert "<h1>Formuläret kunde inte skickas</h1>" in response.text
    assert 'class="site-header' in response.text

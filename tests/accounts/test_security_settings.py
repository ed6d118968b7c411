"""Security headers on every response, no caching of personal pages, and
settings that pass Django's deployment checklist in production."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.csp import build_policy

from tests.factories import MessageFactory

from .helpers import log_in

pytestmark = pytest.mark.django_db

MANAGE = str(settings.BASE_DIR / "manage.py")


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == build_policy(settings.SECURE_CSP)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_content_security_policy_allows_only_our_own_files():
    policy = build_policy(settings.SECURE_CSP)

    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_the_login_page_sends_the_security_headers(client):
    assert_security_headers(client.get(reverse("login")))


def test_the_start_page_sends_the_security_headers_and_no_store(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_a_message_page_is_not_stored_by_the_browser(client, prescriber):
    message = MessageFactory(recipient=prescriber)
    client.force_login(prescriber)

    response = client.get(reverse("message_detail", args=[message.pk]))

    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_redirects_and_errors_send_the_security_headers_too(client, prescriber):
    assert_security_headers(client.get(reverse("start")))
    client.force_login(prescriber)
    assert_security_headers(client.get("/finns-inte/"))


def test_the_session_cookie_is_http_only_and_same_site(client, prescriber):
    response = log_in(client, prescriber.username)

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def run_manage(*args, **env):
    # The browser tests' conftest allows the ORM beside Playwright's event
    # loop; a deployment must not inherit that.
    environment = {**os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE": None, **env}
    environment = {
        name: value for name, value in environment.items() if value is not None
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, MANAGE, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# The environment file of README, "Production", step 4 (the database as
# the tests have it).
PRODUCTION = {
    "DEBUG": "0",
    "DEMO": None,
    "ALLOWED_HOSTS": "websesam.example.se",
    "SITE_URL": "https://websesam.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://websesam.example.se",
    "BEHIND_TLS_PROXY": "1",
    "PROXY_COUNT": "1",
    "EMAIL_HOST": "smtp.example.se",
    "EMAIL_HOST_USER": "websesam",
    "EMAIL_HOST_PASSWORD": "ett lösenord",
    # Whatever the test run was given; production sets its own.
    "SECURE_SSL_REDIRECT": None,
    "SECURE_COOKIES": None,
    "SECURE_HSTS_SECONDS": None,
    "SECURE_HSTS_PRELOAD": None,
}


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_would_catch_a_weak_secret_key():
    """The check above is real: it fails when something is wrong."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="kort",
        **PRODUCTION,
    )

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_settings_refuse_to_load_in_production_without_a_secret_key():
    result = run_manage("check", SECRET_KEY=None, **PRODUCTION)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr

"""Login through the region's identity provider (OpenID Connect, SITHS eID),
against a real provider (oidc-provider-mock) running on this machine: the
test client follows the redirect to it, authorizes there as a person and
comes back to the callback, which fetches and checks the tokens from it."""

import json
import logging
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import flask
import joserfc.jwk
import joserfc.jwt
import oidc_provider_mock
import pytest
import requests
import werkzeug.serving
from axes.models import AccessFailureLog, AccessLog
from django.urls import reverse

from accounts import checks, oidc
from accounts.middleware import AUTH_STARTED
from accounts.models import UserSession
from tests.factories import UserFactory

from .helpers import is_logged_in, log_in

pytestmark = pytest.mark.django_db

HSA_ID = "SE2321000222-abcd"
CLIENT_ID = "websesam"
LOGIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


class Provider:
    """The running provider. Its ID tokens can be changed before they leave
    it (`change`: claims to set, and `key` to sign with instead of its own),
    re-signed: what a token for another client, an expired or a forged
    one looks like. It counts the requests per path."""

    def __init__(self, app):
        self.change = {}
        self.key = None
        self.requests = []
        app.after_request(self._after_request)

    def _after_request(self, response):
        self.requests.append(flask.request.path)
        if flask.request.path == "/oauth2/token" and (self.change or self.key):
            body = response.get_json()
            own_key = flask.g.oidc_provider_mock_storage.jwk
            token = joserfc.jwt.decode(body["id_token"], own_key)
            key = self.key or own_key
            body["id_token"] = joserfc.jwt.encode(
                {"alg": "RS256", "kid": own_key.kid},
                {**token.claims, **self.change},
                key,
            )
            response.set_data(json.dumps(body))
        return response

    def set_claims(self, sub, claims):
        """The claims the provider gives for a person (besides sub)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204

    def reset(self):
        self.change = {}
        self.key = None


@pytest.fixture(scope="session")
def provider():
    """oidc-provider-mock on a free port of the loopback, in a thread, for
    the whole test session; stopped at its end."""
    with pytest.MonkeyPatch.context() as patch:
        # Its token endpoint refuses plain http unless told it is a test.
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
        app = oidc_provider_mock.app(require_nonce=True)
        running = Provider(app)
        server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,))
        thread.start()
        running.issuer = f"http://127.0.0.1:{server.server_port}"
        try:
            wait_until_answering(running.issuer + "/.well-known/openid-configuration")
            yield running
        finally:
            server.shutdown()
            thread.join(5)
            server.server_close()


def wait_until_answering(url, seconds=10):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise


@pytest.fixture
def siths(settings, provider):
    """webSesam configured for the provider, as by the environment."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_DISCOVERY_URL = provider.issuer + "/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "klienthemlighet"
    settings.OIDC_USER_CLAIM = "sub"
    settings.OIDC_USER_FIELD = "hsa_id"
    provider.reset()
    yield provider
    provider.reset()


@pytest.fixture
def prescriber_with_hsa_id(prescriber):
    prescriber.hsa_id = HSA_ID
    prescriber.save()
    return prescriber


def go_to_provider(client, provider, next_url=None):
    query = {"next": next_url} if next_url else {}
    response = client.get(reverse("oidc_authentication_init"), query)
    assert response.status_code == 302
    assert response.url.startswith(provider.issuer + "/oauth2/authorize?")
    return response.url


def authorize(authorize_url, sub, action=None):
    """The person at the provider: chooses an identity (or denies)."""
    data = {"sub": sub} if action is None else {"action": action}
    response = requests.post(
        authorize_url, data=data, allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return f"{back.path}?{back.query}"


def log_in_with_siths(client, provider, sub=HSA_ID, next_url=None):
    callback = authorize(go_to_provider(client, provider, next_url), sub)
    return client.get(callback)


def messages_of(client, response):
    assert response.status_code == 302
    assert response.url == reverse("login")
    page = client.get(response.url)
    return [str(message) for message in page.context["messages"]]


def test_the_login_page_offers_siths_when_configured(client, siths):
    page = client.get(reverse("login"), {"next": "/manualer/"})

    assert "Logga in med SITHS" in page.text
    assert f'href="{reverse("oidc_authentication_init")}?next=/manualer/"' in page.text
    # Password login is still allowed (PASSWORD_LOGIN defaults to on).
    assert "Användarnamn" in page.text


def test_without_configuration_there_is_no_siths_login(client, db):
    page = client.get(reverse("login"))

    assert "SITHS" not in page.text
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_a_known_user_logs_in_and_lands_where_they_were_going(
    client, siths, prescriber_with_hsa_id, caplog
):
    with caplog.at_level(logging.INFO, logger="websesam.login"):
        response = log_in_with_siths(client, siths, next_url="/manualer/")

    assert response.status_code == 302
    assert response.url == "/manualer/"
    assert client.session["_auth_user_id"] == str(prescriber_with_hsa_id.pk)
    assert client.get("/manualer/").status_code == 200
    # Recorded as a password login is: the session with its user, the
    # login log, django-axes' access log, last_login.
    session_key = client.cookies["sessionid"].value
    assert UserSession.objects.get(session_key=session_key).user == (
        prescriber_with_hsa_id
    )
    assert client.session[AUTH_STARTED] > 0
    assert f"login ok user={prescriber_with_hsa_id.username}" in caplog.text
    assert AccessLog.objects.filter(
        username=prescriber_with_hsa_id.username, ip_address="127.0.0.1"
    ).exists()
    prescriber_with_hsa_id.refresh_from_db()
    assert prescriber_with_hsa_id.last_login is not None


def test_the_session_limits_apply_to_a_siths_login(
    client, siths, prescriber_with_hsa_id, time_machine, settings
):
    # The provider's clock is the same (one process): its tokens are valid.
    time_machine.move_to(LOGIN, tick=False)
    assert log_in_with_siths(client, siths).status_code == 302
    assert client.get(reverse("start")).status_code == 200

    time_machine.move_to(LOGIN + timedelta(seconds=settings.SESSION_MAX_AGE + 60))
    response = client.get(reverse("start"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not is_logged_in(client)


def test_the_identity_can_be_another_claim_matched_to_the_username(
    client, siths, prescriber, settings
):
    settings.OIDC_USER_CLAIM = "preferred_username"
    settings.OIDC_USER_FIELD = "username"
    siths.set_claims("person-17", {"preferred_username": prescriber.username})

    response = log_in_with_siths(client, siths, sub="person-17")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(prescriber.pk)


def test_an_unknown_identity_is_refused_in_swedish_and_no_account_is_made(
    client, siths, prescriber, django_user_model, caplog
):
    users = django_user_model.objects.count()

    with caplog.at_level(logging.INFO, logger="websesam.login"):
        response = log_in_with_siths(client, siths, sub="SE2321000222-okand")

    [message] = messages_of(client, response)
    assert message.startswith(
        "Det finns inget konto i webSesam för din SITHS-identitet "
        "(SE2321000222-okand). Konton läggs upp av kundtjänst."
    )
    assert not is_logged_in(client)
    assert django_user_model.objects.count() == users
    assert "login failed user=SE2321000222-okand ip=127.0.0.1" in caplog.text
    assert AccessFailureLog.objects.filter(username="SE2321000222-okand").exists()


def test_an_inactive_user_is_refused_in_swedish(client, siths, prescriber_with_hsa_id):
    prescriber_with_hsa_id.is_active = False
    prescriber_with_hsa_id.save()

    response = log_in_with_siths(client, siths)

    [message] = messages_of(client, response)
    assert message.startswith("Ditt konto i webSesam är inaktiverat.")
    assert not is_logged_in(client)


def other_key():
    return joserfc.jwk.RSAKey.generate_key(private=True)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"aud": "another-client"}, id="for another client"),
        pytest.param({"aud": ["another-client", CLIENT_ID]}, id="for several, no azp"),
        pytest.param({"iss": "https://idp.example.se"}, id="from another issuer"),
        pytest.param(
            {"exp": int(time.time()) - 600, "iat": int(time.time()) - 4200},
            id="expired",
        ),
        pytest.param({"nonce": "another-login"}, id="for another login (nonce)"),
        pytest.param({"key": other_key()}, id="signed with another key"),
    ],
)
def test_an_id_token_that_does_not_hold_is_refused(
    client, siths, prescriber_with_hsa_id, change
):
    siths.key = change.pop("key", None)
    siths.change = change

    response = log_in_with_siths(client, siths)

    [message] = messages_of(client, response)
    assert message.startswith(
        "Inloggningen med SITHS kunde inte slutföras: svaret från "
        "identitetsleverantören kunde inte godkännas."
    )
    assert not is_logged_in(client)


def test_an_unchanged_token_re_signed_by_the_provider_holds(
    client, siths, prescriber_with_hsa_id
):
    """The tests above refuse for the change made, not for the re-signing."""
    siths.change = {"aud": CLIENT_ID}

    assert log_in_with_siths(client, siths).status_code == 302
    assert is_logged_in(client)


def test_a_login_cancelled_at_the_provider_says_so(client, siths):
    callback = authorize(go_to_provider(client, siths), HSA_ID, action="deny")

    [message] = messages_of(client, client.get(callback))
    assert message == "Inloggningen med SITHS avbröts."


def test_an_answer_replayed_is_refused(client, siths, prescriber_with_hsa_id):
    callback = authorize(go_to_provider(client, siths), HSA_ID)
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))

    response = client.get(callback)

    assert messages_of(client, response)
    assert not is_logged_in(client)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_provider_that_does_not_answer_is_explained(client, siths, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_DISCOVERY_URL = settings.OIDC_ISSUER + "/.well-known/x"

    response = client.get(reverse("oidc_authentication_init"))

    [message] = messages_of(client, response)
    assert (
        message
        == "Inloggning med SITHS fungerar inte just nu. Försök igen om en stund."
    )


def test_discovery_is_read_at_the_first_login_and_kept(
    client, siths, prescriber_with_hsa_id, monkeypatch
):
    monkeypatch.setattr(oidc, "_discovered", {})
    siths.requests.clear()

    log_in_with_siths(client, siths)
    client.post(reverse("logout"))
    log_in_with_siths(client, siths)

    assert siths.requests.count("/.well-known/openid-configuration") == 1


def test_logout_ends_the_providers_session_too(client, siths, prescriber_with_hsa_id):
    log_in_with_siths(client, siths)
    id_token = client.session[oidc.ID_TOKEN]

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    end_session = urlsplit(response.url)
    assert f"{end_session.scheme}://{end_session.netloc}" == siths.issuer
    assert end_session.path == "/oauth2/end_session"
    assert parse_qs(end_session.query) == {
        "id_token_hint": [id_token],
        "post_logout_redirect_uri": ["http://testserver" + reverse("login")],
        "client_id": [CLIENT_ID],
    }
    assert not is_logged_in(client)
    # The provider takes it, and sends the browser back to the login page.
    assert requests.get(response.url, timeout=10).status_code == 200
    back = requests.post(
        siths.issuer + "/oauth2/end_session/confirm",
        data={"redirect_uri": "http://testserver" + reverse("login")},
        allow_redirects=False,
        timeout=10,
    )
    assert back.headers["Location"] == "http://testserver" + reverse("login")


def test_logout_everywhere_ends_the_providers_session_too(
    client, siths, prescriber_with_hsa_id
):
    log_in_with_siths(client, siths)

    response = client.post(reverse("logout_everywhere"))

    assert response.url.startswith(siths.issuer + "/oauth2/end_session?")
    assert not UserSession.objects.filter(user=prescriber_with_hsa_id).exists()


def test_logout_after_a_password_login_stays_here(client, siths, prescriber):
    log_in(client, prescriber.username)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")


@pytest.fixture
def password_login_off(settings, siths):
    settings.PASSWORD_LOGIN = False
    return siths


def test_without_password_login_the_page_offers_only_siths(client, password_login_off):
    page = client.get(reverse("login"))

    assert "Logga in med SITHS" in page.text
    assert "Användarnamn" not in page.text
    assert "Personal på hjälpmedelscentralen: logga in med lösenord" in page.text


def test_without_password_login_staff_find_the_form(client, password_login_off):
    page = client.get(reverse("login"), {"personal": "1"})

    assert "Användarnamn" in page.text
    assert "endast för personal på hjälpmedelscentralen" in page.text


def test_without_password_login_a_prescribers_password_is_refused(
    client, password_login_off, prescriber
):
    response = log_in(client, prescriber.username)

    assert response.status_code == 200
    assert "Inloggning med lösenord är avstängd. Logga in med SITHS" in response.text
    assert "Användarnamn" in response.text
    assert not is_logged_in(client)


def test_without_password_login_staff_still_log_in_with_their_password(
    client, password_login_off
):
    staff = UserFactory(is_staff=True)

    response = log_in(client, staff.username)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_without_password_login_a_prescriber_logs_in_with_siths(
    client, password_login_off, prescriber_with_hsa_id
):
    assert log_in_with_siths(client, password_login_off).status_code == 302
    assert is_logged_in(client)


def test_the_checks_warn_of_no_login_for_prescribers_and_of_plain_http(settings):
    settings.PASSWORD_LOGIN = False
    settings.OIDC_ISSUER = ""
    assert [w.id for w in checks.check_login_configuration(None)] == ["accounts.W001"]

    settings.OIDC_ISSUER = "http://idp.region.se"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    assert checks.check_login_configuration(None) == []
    assert [w.id for w in checks.check_provider_over_https(None)] == ["accounts.W002"]

    settings.OIDC_ISSUER = "https://idp.region.se"
    assert checks.check_provider_over_https(None) == []

"""Login through the region's identity provider (OpenID Connect: SITHS eID).

mozilla-django-oidc runs the authorization code flow (with PKCE and a
nonce); this module gives it its endpoints, from the settings or the
provider's discovery document, and a backend that validates the ID token
fully (signature, issuer, audience, expiry) and matches the identity the
provider vouches for to an existing active account, never creating one.
Accounts are created by customer service with their customers.
"""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger("websesam.login")

# The session key of the ID token of the login, for the provider's logout.
ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key, no secret
# The discovery document is read again after this long (a provider may move
# its endpoints; its signing keys are read at every login anyway).
DISCOVERY_CACHE_SECONDS = 3600
# Clocks of the provider and the app may differ by this much.
CLOCK_LEEWAY_SECONDS = 60

# Discovery's names of the endpoints, and the settings that override them.
ENDPOINT_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "end_session_endpoint": "OIDC_OP_END_SESSION_ENDPOINT",
}
# With these three given, the discovery document is never read.
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")

_discovered = {}


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or is not the
    configured issuer's."""


def enabled():
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def _discovery():
    url = settings.OIDC_DISCOVERY_URL
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_CACHE_SECONDS:
        return cached[1]
    try:
        response = requests.get(
            url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery {url}: {error}") from error
    # OpenID Connect Discovery 1.0, 4.3: the document must be the issuer's own.
    if str(document.get("issuer", "")).rstrip("/") != settings.OIDC_ISSUER:
        raise ProviderUnavailable(
            f"discovery {url}: issuer {document.get('issuer')!r}"
            f" is not {settings.OIDC_ISSUER!r}"
        )
    _discovered[url] = (time.monotonic(), document)
    return document


def endpoints():
    """The provider's endpoints by their discovery names ("" for one it
    lacks): those set in the settings, the others from discovery."""
    given = {key: getattr(settings, name) for key, name in ENDPOINT_SETTINGS.items()}
    if all(given[key] for key in REQUIRED_ENDPOINTS):
        return given
    document = _discovery()
    return {key: given[key] or str(document.get(key) or "") for key in given}


def provider_logout_url(request):
    """Where logout sends the browser (OIDC_OP_LOGOUT_URL_METHOD): to the
    provider's end_session_endpoint, to end its session too
    (RP-Initiated Logout 1.0) when the user logged in through it and it has
    one, and back to the login page from there; else straight to the login
    page. Read before the session ends: it holds the ID token."""
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get(ID_TOKEN)
    if not id_token or not enabled():
        return after
    try:
        end_session = endpoints()["end_session_endpoint"]
    except ProviderUnavailable as error:
        logger.warning("oidc logout at the provider skipped: %s", error)
        return after
    if not end_session:
        return after
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(after),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"


def _refuse(request, message, reason):
    """Tell the callback view why (request.oidc_refusal, shown to the user),
    and the log."""
    request.oidc_refusal = message
    logger.warning(
        "login refused oidc reason=%s identity=%s",
        reason,
        getattr(request, "oidc_identity", ""),
    )


def _contact():
    return _("Kontakta kundtjänst, telefon %(phone)s.") % {
        "phone": settings.CUSTOMER_SERVICE_PHONE
    }


def token_refused_message():
    return _(
        "Inloggningen med SITHS kunde inte slutföras: svaret från "
        "identitetsleverantören kunde inte godkännas. Försök igen. %(contact)s"
    ) % {"contact": _contact()}


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's callback only (its credentials are the
    nonce and PKCE verifier, never a username and password), and only while
    OIDC is configured."""

    def __init__(self, *args, **kwargs):
        # The base reads every endpoint here, for each authenticate() call,
        # a password login's too: they are read only when a callback comes.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 - the base's name
        return self.endpoints["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return self.endpoints["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return self.endpoints["jwks_uri"]

    # The session's user is found as by Django's own backend, which also
    # refuses an account deactivated since login (the base's does not).
    get_user = ModelBackend.get_user

    def authenticate(self, request, nonce, code_verifier=None):
        if request is None or not enabled():
            return None
        try:
            self.endpoints = endpoints()
            return super().authenticate(
                request, nonce=nonce, code_verifier=code_verifier
            )
        except (
            ProviderUnavailable,
            requests.RequestException,
            SuspiciousOperation,
            jwt.InvalidTokenError,
            ValueError,
        ) as error:
            _refuse(request, token_refused_message(), f"token: {error}")
            return None

    def verify_token(self, token, **kwargs):
        """The ID token's signature, and the claims the base leaves
        unchecked: issued by the configured issuer, for this client, not
        expired (OpenID Connect Core 1.0, 3.1.3.7)."""
        if self.OIDC_RP_SIGN_ALGO.startswith("HS"):
            key = self.OIDC_RP_CLIENT_SECRET
        else:
            key = self.retrieve_matching_jwk(token)
        payload = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER,
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
        audiences = payload["aud"] if isinstance(payload["aud"], list) else []
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several clients, not ours (azp)")
        if payload.get("nonce") != kwargs.get("nonce"):
            raise SuspiciousOperation("ID token nonce differs")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with those only the userinfo endpoint gives
        (when the provider has one); the ID token's win."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        info = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=settings.OIDC_VERIFY_SSL,
            timeout=settings.OIDC_TIMEOUT,
        )
        info.raise_for_status()
        claims = info.json()
        if claims.get("sub") != payload["sub"]:
            raise SuspiciousOperation("userinfo is for another subject")
        return {**claims, **payload}

    def filter_users_by_claims(self, claims):
        identity = claims.get(settings.OIDC_USER_CLAIM)
        if not isinstance(identity, str) or not identity.strip():
            return self.UserModel._default_manager.none()
        return self.UserModel._default_manager.filter(
            **{f"{settings.OIDC_USER_FIELD}__iexact": identity.strip()}
        )

    def create_user(self, claims):
        raise SuspiciousOperation("accounts are never created at login")

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        request = self.request
        identity = claims.get(settings.OIDC_USER_CLAIM)
        if not isinstance(identity, str) or not identity.strip():
            _refuse(request, token_refused_message(), "no identity claim")
            return None
        request.oidc_identity = identity.strip()
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            _refuse(
                request,
                _(
                    "Det finns inget konto i webSesam för din SITHS-identitet "
                    "(%(identity)s). Konton läggs upp av kundtjänst. %(contact)s"
                )
                % {"identity": request.oidc_identity, "contact": _contact()},
                "unknown" if not users else "ambiguous",
            )
            return None
        [user] = users
        if not user.is_active:
            _refuse(
                request,
                _("Ditt konto i webSesam är inaktiverat. %(contact)s")
                % {"contact": _contact()},
                "inactive",
            )
            return None
        # Kept for the callback, which puts it in the session after login
        # (a login as another user would flush it from the session).
        request.oidc_id_token = id_token
        return user

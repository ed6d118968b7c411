"""Every login attempt, successful or not, goes to the log (django-axes also
keeps them in the database: AccessLog and AccessFailureLog)."""

import logging
import time
from datetime import datetime

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .login_throttle import client_ip
from .middleware import AUTH_STARTED, RENEWED

logger = logging.getLogger("websesam.login")


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login ok user=%s ip=%s", user.username, _ip(request))


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """SESSION_MAX_AGE counts from the login itself, not from the first page
    after it; the login's save is the idle limit's first renewal (see
    SessionLifetimeMiddleware)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_STARTED] = int(now)
        request.session[RENEWED] = now


PREVIOUS_LOGIN = "previous_login"


@receiver(user_logged_in)
def remember_previous_login(sender, request, user, **kwargs):
    """Keep the login before this one in the session, for what the start
    page counts "since last login". Django's own receiver overwrites
    last_login with this login; accounts comes before django.contrib.auth in
    INSTALLED_APPS, so this receiver is connected, and runs, before it."""
    if request is not None and hasattr(request, "session"):
        previous = user.last_login
        request.session[PREVIOUS_LOGIN] = previous.isoformat() if previous else None


def previous_login(request):
    """When the user logged in before this session's login: None for a
    first login ever, when everything is new. A session from before this
    was kept counts from its own login."""
    if PREVIOUS_LOGIN not in request.session:
        return request.user.last_login
    value = request.session[PREVIOUS_LOGIN]
    return datetime.fromisoformat(value) if value else None


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # A refused login through the identity provider has no username: the
    # identity it vouched for, when it got that far (accounts.oidc).
    username = credentials.get("username") or getattr(request, "oidc_identity", "")
    logger.warning("login failed user=%s ip=%s", username, _ip(request))


def _ip(request):
    return client_ip(request) if request else ""

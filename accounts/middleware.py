import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

AUTH_STARTED = "auth_started"
# When the session's idle limit was last pushed forward.
RENEWED = "renewed"


class SessionLifetimeMiddleware:
    """End a session SESSION_MAX_AGE seconds after login, however active it was.
    The idle limit (SESSION_COOKIE_AGE) is renewed by saving the session, at
    most once per SESSION_RENEW_SECONDS: an UPDATE on every request cost each
    page a query and a millisecond of Python, and the limit still holds to
    within that minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            # Set at login (accounts.signals); a session without it is
            # treated as expired rather than given a new 10 hours.
            started = request.session.get(AUTH_STARTED, 0)
            if time.time() - started > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(
                    request,
                    _("Du har loggats ut efter lång inloggning. Logga in igen."),
                )
                return redirect(settings.LOGIN_URL)
            now = time.time()
            if now - request.session.get(RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user with an initial password must choose their own before anything else."""

    allowed_url_names = {
        "password_change",
        "logout",
        "logout_everywhere",
        "help",
        "set_language",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.user.is_authenticated
            and request.user.must_change_password
            and request.resolver_match.url_name not in self.allowed_url_names
        ):
            return redirect("password_change")
        return None


class NoStoreForPersonsMiddleware:
    """A response to a request that wrote the access log shows a person's
    data: no browser or proxy may store it (Cache-Control: no-store,
    private). One rule for every such page, also those that answer a
    refused form, instead of a decorator on each view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A request that made no AccessContext (access_context) logged nobody.
        context = getattr(request, "access", None)
        if context is not None and context.shows_person:
            add_never_cache_headers(response)
        return response

"""Failed logins are limited per username and address together, per username
from any address and per address for any username, each with its own limit.

django-axes counts the failures of every combination in
AXES_LOCKOUT_PARAMETERS but compares them all with one AXES_FAILURE_LIMIT;
its maintainers point to a handler for different limits
(jazzband/django-axes#661). This is that handler: axes still records the
attempts, shows the lockout page and lifts a lock after AXES_COOLOFF_TIME."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.db.models import Sum


class PerParameterLimitsHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The failures axes compares with AXES_FAILURE_LIMIT: each
        combination's count rescaled by its own limit (LOGIN_FAILURE_LIMITS),
        so that reaching any one limit reaches AXES_FAILURE_LIMIT
        (count * base // limit >= base exactly when count >= limit)."""
        base = settings.AXES_FAILURE_LIMIT
        # get_user_attempts gives one queryset per AXES_LOCKOUT_PARAMETERS
        # entry, in the order of LOGIN_FAILURE_LIMITS (settings derive one
        # from the other).
        attempts_list = self.get_user_attempts(request, credentials)
        return max(
            (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)
            * base
            // limit
            for attempts, limit in zip(
                attempts_list, settings.LOGIN_FAILURE_LIMITS.values(), strict=True
            )
        )

    def reset_user_attempts(self, request, credentials=None):
        """A successful login clears the failures of that username only. axes
        would clear the address's too: anyone with an account of their own
        could then reset the per-address count between guesses at others."""
        return self.reset_attempts(username=get_client_username(request, credentials))


def client_ip(request):
    """The client's address, for the limits and the login log.

    Behind PROXY_COUNT proxies REMOTE_ADDR is the nearest proxy. Each proxy
    appends the address it saw to X-Forwarded-For, so the client is the
    PROXY_COUNT-th entry from the right; entries further left are whatever
    the client sent and could be forged to escape the limits. (axes' own
    AXES_IPWARE_* settings need django-ipware and read from the left.)"""
    if settings.PROXY_COUNT:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= settings.PROXY_COUNT:
            try:
                return str(ipaddress.ip_address(forwarded[-settings.PROXY_COUNT]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")

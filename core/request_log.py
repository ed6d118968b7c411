"""One log line and one latency observation per request, under an id that
every log record of the request carries and the response returns.

Outermost in MIDDLEWARE, so that its time includes all the other
middleware and every record logged while answering has the id."""

import logging
import re
import time
import uuid

from .logging import REQUEST_ID
from .metrics import REQUEST_DURATION

logger = logging.getLogger("websesam.request")

# An id the proxy set is kept, so the proxy's log and ours meet; anything
# else (too long, odd characters) is replaced rather than logged.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The load balancer's and Prometheus' probes every few seconds would bury
# the users' requests: their lines are DEBUG.
QUIET_VIEWS = {"healthz", "readyz", "metrics"}


def request_id(request):
    given = request.headers.get("X-Request-ID", "")
    if SANE_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id(request)
        token = REQUEST_ID.set(rid)
        try:
            started = time.perf_counter()
            response = self.get_response(request)
            duration = time.perf_counter() - started
            match = request.resolver_match
            view = match.view_name if match else ""
            REQUEST_DURATION.labels(
                view=view or "unresolved", status=f"{response.status_code // 100}xx"
            ).observe(duration)
            response.headers["X-Request-ID"] = rid
            level = logging.DEBUG if view in QUIET_VIEWS else logging.INFO
            if logger.isEnabledFor(level):
                logger.log(
                    level,
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        # Never the query string: searches carry names.
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round(duration * 1000, 1),
                        "view": view,
                        "user_id": _user_id(request),
                    },
                )
            return response
        finally:
            REQUEST_ID.reset(token)


def _user_id(request):
    # No user when a middleware before authentication answered (a redirect
    # to HTTPS); the id, never the username.
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None

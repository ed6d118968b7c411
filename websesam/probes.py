"""What the load balancer and the monitoring ask the app: /healthz (can it
work: database, migrations, storage), /readyz (may it get traffic) and
/metrics (Prometheus). No login, and no data in the answers: a probe has no
session, and the reason for a 503 is a few words; the detail goes to the log."""

import hmac
import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from core.metrics import registry

logger = logging.getLogger(__name__)

# Once this process has seen every migration applied it stops asking: loading
# the migration graph costs more than the rest of the check together, and a
# database does not go back on its migrations under a running server.
_migrated = False


def _text(text, status=200):
    return HttpResponse(
        f"{text}\n", status=status, content_type="text/plain; charset=utf-8"
    )


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health: database unreachable")
        return "database unreachable"
    return None


def _migrations():
    global _migrated
    if _migrated:
        return None
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.exception("health: migrations not readable")
        return "migrations not readable"
    if plan:
        logger.warning("health: %d migrations not applied", len(plan))
        return "migrations not applied"
    _migrated = True
    return None


def _storage():
    try:
        # A name of its own: several workers probe at once.
        name = default_storage.save(
            f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok")
        )
        default_storage.delete(name)
    except Exception:
        logger.exception("health: storage not writable")
        return "storage not writable"
    return None


@login_not_required
@never_cache
@require_safe
def healthz(request):
    for check in (_database, _migrations, _storage):
        if reason := check():
            return _text(reason, status=503)
    return _text("ok")


@login_not_required
@never_cache
@require_safe
def readyz(request):
    if reason := _database():
        return _text(reason, status=503)
    return _text("ok")


@login_not_required
@never_cache
@require_safe
def metrics(request):
    """Only for Prometheus, with METRICS_TOKEN as its bearer token; without
    a token configured, there is nothing here."""
    if not settings.METRICS_TOKEN:
        raise Http404
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        response = _text("unauthorized", status=401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not hmac.compare_digest(token.encode(), settings.METRICS_TOKEN.encode()):
        return _text("forbidden", status=403)
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)

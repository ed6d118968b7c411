"""/healthz, /readyz and /metrics: no login, no data, plain HTTP allowed,
503 with a short reason, and /metrics only for its bearer token."""

import subprocess
import sys

import pytest
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from core.metrics import REQUEST_DURATION
from websesam import probes

from ..metrics_helpers import counted

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-metrics-token"


@pytest.fixture(autouse=True)
def unchecked_migrations(monkeypatch):
    """Each test starts as a new process: migrations not yet seen applied."""
    monkeypatch.setattr(probes, "_migrated", False)


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_healthy_is_200_ok_in_plain_text_without_login_or_cookie(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_a_probe_over_plain_http_is_not_redirected_to_https(client, settings, path):
    settings.METRICS_TOKEN = TOKEN
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
        assert client.get("/").status_code == 301


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_database_down_is_503_with_the_reason_only(client, database_down, path):
    response = client.get(path)

    assert response.status_code == 503
    assert response.content == b"database unreachable\n"


def test_migrations_not_applied_are_503_until_they_are(client, monkeypatch):
    plan = MigrationExecutor.migration_plan
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)]
    )
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (
        503,
        b"migrations not applied\n",
    )

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan)
    assert client.get("/healthz").status_code == 200


def test_applied_migrations_are_checked_once_per_process(client, monkeypatch):
    assert client.get("/healthz").status_code == 200

    def fail(*args):
        raise AssertionError("the migration graph loaded again")

    monkeypatch.setattr(MigrationExecutor, "__init__", fail)
    assert client.get("/healthz").status_code == 200


def test_storage_not_writable_is_503(client, settings, tmp_path):
    # A file where the storage's folder should be: root may write anywhere
    # else, so no permission bit can make the probe fail.
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }

    response = client.get("/healthz")

    assert (response.status_code, response.content) == (
        503,
        b"storage not writable\n",
    )
    assert client.get("/readyz").status_code == 200


def test_the_storage_probe_leaves_no_file(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }

    assert client.get("/healthz").status_code == 200

    assert list((tmp_path / "health").iterdir()) == []


def test_metrics_do_not_exist_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization, status",
    [
        (None, 401),
        ("Basic czNjcmV0", 401),
        ("Bearer", 401),
        ("Bearer wrong", 403),
        (f"Bearer {TOKEN}x", 403),
    ],
)
def test_metrics_refuse_a_missing_or_wrong_token(
    client, settings, authorization, status
):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", headers=headers)

    assert response.status_code == status
    assert b"websesam" not in response.content


def test_metrics_show_request_latency_per_view_and_status_class(client, settings):
    settings.METRICS_TOKEN = TOKEN
    count = "websesam_request_duration_seconds_count"
    before = counted(count, view="healthz", status="2xx")
    missing = counted(count, view="unresolved", status="4xx")

    client.get("/healthz")
    client.get("/no-such-page/")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert counted(count, view="healthz", status="2xx") == before + 1
    assert counted(count, view="unresolved", status="4xx") == missing + 1
    text = response.content.decode()
    assert (
        'websesam_request_duration_seconds_bucket{le="0.1",status="2xx",view="healthz"}'
        in text
    )
    for name in ("orders_executed", "pickups", "work_orders"):
        assert f"# TYPE websesam_{name}_total counter" in text


def test_a_logged_in_page_is_measured_under_its_view_name(client, staff):
    client.force_login(staff)
    count = "websesam_request_duration_seconds_count"
    before = counted(count, view="start", status="2xx")

    assert client.get("/").status_code == 200

    assert counted(count, view="start", status="2xx") == before + 1
    assert REQUEST_DURATION._labelnames == ("view", "status")


def test_with_several_worker_processes_metrics_add_up_over_them(
    client, settings, tmp_path
):
    """PROMETHEUS_MULTIPROC_DIR: each gunicorn worker writes its own file."""
    settings.METRICS_TOKEN = TOKEN
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    worker = (
        "from core.metrics import ORDERS_EXECUTED, PICKUPS;"
        "ORDERS_EXECUTED.labels(kind='order').inc();"
        "PICKUPS.labels(event='created').inc(2)"
    )
    for _ in range(2):
        subprocess.run(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", worker],
            env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": ""},
            cwd=settings.BASE_DIR,
            check=True,
        )

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    text = response.content.decode()
    assert 'websesam_orders_executed_total{kind="order"} 2.0' in text
    assert 'websesam_pickups_total{event="created"} 4.0' in text

"""The gunicorn hooks of Prometheus' multiprocess mode."""

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from websesam import gunicorn_conf

TOKEN = "metrics-token-for-the-test"


def test_starting_empties_the_metrics_directory(monkeypatch, tmp_path):
    directory = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))

    gunicorn_conf.on_starting(server=None)
    (directory / "counter_4711.db").write_bytes(b"old run")
    gunicorn_conf.on_starting(server=None)

    assert list(directory.iterdir()) == []


def test_an_exited_worker_is_marked_dead(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "counter_4711.db").write_bytes(b"kept")
    (tmp_path / "gauge_livesum_4711.db").write_bytes(b"live only")

    gunicorn_conf.child_exit(server=None, worker=SimpleNamespace(pid=4711))

    assert [path.name for path in tmp_path.iterdir()] == ["counter_4711.db"]


def test_without_the_directory_the_hooks_do_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    gunicorn_conf.on_starting(server=None)
    gunicorn_conf.child_exit(server=None, worker=SimpleNamespace(pid=4711))

    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with two workers in multiprocess mode on a free port; the
    metrics need no database. Yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    metrics_dir = tmp_path / "metrics"
    (metrics_dir).mkdir()
    # A stale file from an "earlier run": on_starting must remove it.
    (metrics_dir / "counter_1.db").write_bytes(b"stale")
    env = {
        **os.environ,
        "DEBUG": "1",
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:websesam.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
            "websesam.wsgi",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The socket listens before the workers boot: requests wait in its
        # backlog. Read gunicorn's log until it says so.
        for line in server.stderr:
            if "Listening at" in line:
                break
        else:
            pytest.fail("gunicorn did not start")
        threading.Thread(target=server.stderr.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _scrape(url):
    request = urllib.request.Request(  # noqa: S310 - our own local server
        f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read().decode()


def test_gunicorns_workers_metrics_add_up(gunicorn):
    for _ in range(6):
        _scrape(gunicorn)

    text = _scrape(gunicorn)

    # The six scrapes before, whichever worker answered each.
    assert (
        'websesam_request_duration_seconds_count{status="2xx",view="metrics"} 6.0'
        in text
    )

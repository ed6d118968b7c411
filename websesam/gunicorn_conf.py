"""gunicorn's hooks for Prometheus' multiprocess mode, for
`gunicorn -c python:websesam.gunicorn_conf`: with PROMETHEUS_MULTIPROC_DIR
set, each worker keeps its metrics in files there (core/metrics.py).
Without the variable the hooks do nothing."""

import os
from pathlib import Path

from prometheus_client import multiprocess


def _directory():
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    """Empty the directory: the files of an earlier run's workers would be
    added to this run's counts."""
    if directory := _directory():
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """A worker that exited (restarted, or killed after a timeout) keeps its
    counts, but no longer counts among the live processes."""
    if _directory():
        multiprocess.mark_process_dead(worker.pid)

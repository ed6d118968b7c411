"""Prometheus metrics: the requests' latency and the business counters.

Defined here, at the bottom layer, so that every app's services can count
what they do. A service counts with `count_after_commit`, so a transaction
that rolls back counts nothing. With PROMETHEUS_MULTIPROC_DIR set (several
gunicorn workers), prometheus-client keeps each process's values in files
there and `registry()` adds them up."""

from django.conf import settings
from django.db import transaction
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.multiprocess import MultiProcessCollector

REQUEST_DURATION = Histogram(
    "websesam_request_duration_seconds",
    "Time from the request's arrival to its response, by view and status class.",
    ["view", "status"],
    # Up to the server's 30 s timeout.
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ORDERS_EXECUTED = Counter(
    "websesam_orders_executed",
    "Orders executed (registered with a number), by kind.",
    ["kind"],
)
PICKUPS = Counter(
    "websesam_pickups",
    "Pickup orders created (booked) and closed (the aids fetched).",
    ["event"],
)
WORK_ORDERS = Counter(
    "websesam_work_orders",
    "Work orders created and completed.",
    ["event"],
)


def count_after_commit(counter, **labels):
    transaction.on_commit(lambda: counter.labels(**labels).inc())


def registry():
    """What /metrics shows: this process's metrics, or with several worker
    processes the sum over all of them."""
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    collected = CollectorRegistry()
    MultiProcessCollector(collected, path=settings.PROMETHEUS_MULTIPROC_DIR)
    return collected

"""Real concurrent transactions: each thread has its own database connection,
so tests using these must commit (`concurrent`, transaction=True)."""

import threading

import pytest
from django.db import connection

concurrent = pytest.mark.django_db(transaction=True)


def run_together(*jobs):
    """Start every job at the same moment in its own thread; return what each
    returned or raised."""
    barrier = threading.Barrier(len(jobs), timeout=10)
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, job))
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes

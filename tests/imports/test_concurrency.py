"""Two imports of one kind at the same time (the nightly job and an upload in
the admin). Real transactions in threads, so these tests commit."""

import threading

import pytest
from django.db import connection

from accounts.models import Payer
from websesam.imports import Status, run_import

PAYERS = "betalarid;name\n10001;Umeå kommun\n20001;Region Västerbotten\n".encode()


@pytest.mark.django_db(transaction=True)
def test_the_second_import_waits_and_finds_the_rows_of_the_first():
    barrier = threading.Barrier(2, timeout=10)
    reports = []

    def run():
        try:
            barrier.wait()
            reports.append(run_import("payers", "betalare.csv", PAYERS))
        except Exception as error:  # noqa: BLE001 - the test inspects it
            reports.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = [dict(report.counts) for report in reports]
    assert {Status.CREATED: 2} in counts, reports
    assert {Status.UNCHANGED: 2} in counts, reports
    assert Payer.objects.count() == 2

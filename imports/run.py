"""A run: read, validate and, all or nothing, store one file."""

from collections import Counter

import pghistory
from django.db import connection, transaction

from .reading import read_rows
from .registry import importers
from .rows import Report


def run_import(kind, file_name, data, *, dry_run=False, user=None):
    """Validate and, unless `dry_run` or any row is bad, store a file. A dry
    run writes in a transaction that is rolled back, so its counts are real."""
    importer = importers()[kind](file_name, user=user)
    report = Report(kind, file_name, dry_run)
    rows, report.errors = read_rows(data, importer.columns)
    if report.errors:
        return report
    with (
        transaction.atomic(),
        pghistory.context(import_kind=kind, import_file=file_name),
    ):
        with connection.cursor() as cursor:
            # Two imports of one kind at once (the nightly job and an upload
            # in the admin) would both create the same new keys.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"import_csv {kind}"]
            )
        importer.validate(rows)
        if importer.errors:
            report.errors = sorted(importer.errors, key=lambda error: error.line)
            return report
        # Deferred foreign-key checks queue up per row until commit, and each
        # audit-trigger insert walks that queue: checking per statement keeps
        # a large file linear.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        importer.write(rows)
        report.counts = Counter(row.status for row in rows)
        report.also_created = importer.also_created
        if dry_run:
            transaction.set_rollback(True)
    return report

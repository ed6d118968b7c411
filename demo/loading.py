"""The demo's files in the documented import formats (DATA-FORMATS.md),
under demo/data/, loaded through the importers as customer service loads
the centre's files: rows are upserts, so loading again changes nothing."""

import csv
from pathlib import Path

from imports.run import run_import

DATA = Path(__file__).resolve().parent / "data"


def path(kind):
    return DATA / f"{kind}.csv"


def rows(kind):
    """The rows of a demo file as dicts, in the file's order."""
    with path(kind).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter=";"))


def load(kind):
    """Import demo/data/<kind>.csv; a demo file the importer refuses is a
    bug in the demo, reported with the importer's FILE:LINE messages."""
    report = run_import(kind, path(kind).name, path(kind).read_bytes())
    if report.errors:
        raise ValueError("\n".join(report.error_lines()))
    return report

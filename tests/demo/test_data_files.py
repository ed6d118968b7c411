"""The demo's master data is in files of the documented import formats
(DATA-FORMATS.md), and seed_demo loads them through the importers."""

import pytest

from demo.loading import DATA, path
from imports.registry import importers
from imports.rows import Status
from imports.run import run_import

KINDS = ["payers", "customers", "iso", "suppliers", "articles", "stock"]


def test_each_demo_file_is_a_registered_kind_of_import():
    assert sorted(p.stem for p in DATA.glob("*.csv")) == sorted(KINDS)
    assert set(KINDS) <= set(importers())


@pytest.mark.parametrize("kind", KINDS)
def test_seed_demo_stored_exactly_what_the_file_holds(seeded, kind):
    report = run_import(kind, path(kind).name, path(kind).read_bytes(), dry_run=True)

    assert report.error_lines() == []
    assert set(report.counts) == {Status.UNCHANGED}

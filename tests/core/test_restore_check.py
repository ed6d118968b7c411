"""scripts/restore-check fails loudly: each kind of difference between the
dumped and the restored database is reported (the check itself runs in
`make test`, after pytest, on the demo database)."""

import copy
import importlib.util
import re

import pytest
from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "restore_check", settings.BASE_DIR / "scripts" / "restore_check.py"
)
restore_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(restore_check)

ORDER = {"id": 1, "number": "26100001", "status": "registered"}
SNAPSHOT = {
    "counts": {"orders_order": 1, "accounts_accesslog": 1},
    "checksums": {"orders_order": "a1", "accounts_accesslog": "b2"},
    "privileges": {
        "orders_order": {"SELECT", "INSERT", "UPDATE", "DELETE"},
        "accounts_accesslog": {"SELECT", "INSERT"},
    },
    "orders": [ORDER],
    "order_lines": [{"id": 7, "order": 1, "quantity": 1}],
    "access_log": [{"id": 3, "action": "view"}],
}


def restored(change):
    snapshot = copy.deepcopy(SNAPSHOT)
    change(snapshot)
    return snapshot


def test_equal_snapshots_pass():
    restore_check.compare(SNAPSHOT, copy.deepcopy(SNAPSHOT))


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        (
            lambda s: s["counts"].update(orders_order=0),
            "orders_order: 1 rows dumped, 0 restored",
        ),
        (
            lambda s: s["checksums"].update(orders_order="c3"),
            "orders_order: as many rows, different content",
        ),
        (
            lambda s: s["counts"].pop("accounts_accesslog"),
            "tables missing: ['accounts_accesslog']",
        ),
        (
            lambda s: s["privileges"]["accounts_accesslog"].add("UPDATE"),
            "accounts_accesslog: the app role had ['INSERT', 'SELECT'],"
            " has ['INSERT', 'SELECT', 'UPDATE']",
        ),
        (lambda s: s["orders"][0].update(status="executed"), "orders differs"),
        (lambda s: s["order_lines"].clear(), "order_lines: 1 dumped, 0 restored"),
        (lambda s: s["access_log"][0].update(action="print"), "access_log differs"),
    ],
)
def test_a_difference_fails_with_what_differs(change, reported):
    with pytest.raises(restore_check.Differs, match=re.escape(reported)):
        restore_check.compare(SNAPSHOT, restored(change))


def test_demo_data_without_an_access_log_proves_nothing():
    empty = restored(lambda s: s["access_log"].clear())

    with pytest.raises(restore_check.Differs, match="no access_log"):
        restore_check.compare(empty, copy.deepcopy(empty))

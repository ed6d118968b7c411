"""Times staff read in the admin are Stockholm time, also where a model
names itself (the admin shows that name beside the localised columns)."""

from datetime import UTC, datetime

from accounts.choices import AccessAction
from accounts.models import AccessLog, User
from warehouse.choices import MovementKind
from warehouse.models import StockMovement

# Summer time ends at 01:00 UTC on 25 October 2026: 00:30 and 01:30 UTC are
# both 02:30 in Stockholm, an hour apart.
BEFORE = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
AFTER = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_an_access_log_row_names_its_local_time():
    user = User(username="anna.lind")
    for at in (BEFORE, AFTER):
        row = AccessLog(at=at, user=user, action=AccessAction.VIEW)
        assert str(row) == "2026-10-25 02:30 anna.lind Visning"


def test_a_stock_movement_names_its_local_time():
    for at in (BEFORE, AFTER):
        movement = StockMovement(at=at, kind=MovementKind.ISSUE)
        assert str(movement) == "2026-10-25 02:30 Utleverans"

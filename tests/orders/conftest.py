from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from warehouse.models import MAIN_WAREHOUSE, Warehouse

# A fixture kept beside the upload helpers, which the work order tests use too.
from .upload_files import media_root  # noqa: F401


@pytest.fixture
def logged_in(client, prescriber):
    """The client, logged in as `prescriber`."""
    client.force_login(prescriber)
    return client


@pytest.fixture
def main_warehouse(db):
    """The warehouse that orders deliver from."""
    return Warehouse.objects.get(code=MAIN_WAREHOUSE)


@pytest.fixture
def wednesday(time_machine):
    """Wednesday 2 December 2026, 10:00 in Stockholm: dates counted from
    today do not depend on the day the tests run. Ask for it before a
    logged-in client, or the jump ends the client's session."""
    when = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    time_machine.move_to(when, tick=False)

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

import pytest


@pytest.fixture
def logged_in(client, prescriber):
    """The client, logged in as `prescriber`."""
    client.force_login(prescriber)
    return client

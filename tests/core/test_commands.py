"""The commands that connect as the owner role are core's, and Django's own
migrate and flush are not the ones that run."""

import pytest
from django.core.management import get_commands

OWNER_COMMANDS = ["migrate", "flush", "grant_app_role"]


@pytest.mark.parametrize("command", OWNER_COMMANDS)
def test_core_provides_the_commands_that_connect_as_the_owner(command):
    assert get_commands()[command] == "core"

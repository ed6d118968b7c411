"""The demo app is for development, the tests and the benchmarks: production
settings do not install it, so its commands do not exist there."""

import secrets

import pytest
from django.conf import settings

from tests.accounts.test_security_settings import PRODUCTION, run_manage

DEMO_COMMANDS = ["seed_demo", "generate_data"]


def production(**env):
    return {"SECRET_KEY": secrets.token_urlsafe(64), **PRODUCTION, **env}


def test_the_tests_run_with_the_demo_installed():
    assert "demo" in settings.INSTALLED_APPS


@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_production_settings_do_not_install_the_demo(command):
    result = run_manage(command, "--help", **production())

    assert result.returncode != 0
    assert f"Unknown command: '{command}'" in result.stderr


@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_the_demo_flag_installs_it_without_debug(command):
    """The check above is real: the same settings with DEMO=1 have the
    commands (for benchmarks on a production-like setup)."""
    result = run_manage(command, "--help", **production(DEMO="1"))

    assert result.returncode == 0, result.stderr

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """seed_demo once per module (it takes seconds), in a transaction rolled
    back at the module's end. Tests that use `db` on top of it still run in
    their own savepoint, so what one test changes the next does not see.
    Returns what the command printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            out = StringIO()
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo_data, db):
    return demo_data

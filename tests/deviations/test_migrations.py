"""Deviations' numbers move from a letter series in the orders' counter to
a counter of their own: the weeks already counted carry on there, so no
number is given twice."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.dbroles import as_owner, grant_app_role
from deviations.models import DeviationCounter
from orders.models import NumberCounter

BEFORE = [("deviations", "0001_initial"), ("orders", "0009_line_outside_request")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_weeks_counted_carry_on_in_the_deviations_counter():
    with as_owner():
        try:
            old = migrate(BEFORE)
            counter = old.get_model("orders", "NumberCounter").objects
            counter.create(week="A2649", last_serial=3)
            counter.create(week="2649", last_serial=7)
        finally:
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
            # Rolled back and made again, the tables lack the app role's
            # grants, which migrate's post_migrate would give.
            grant_app_role()

    assert list(DeviationCounter.objects.values_list("week", "last_serial")) == [
        ("2649", 3)
    ]
    assert list(NumberCounter.objects.values_list("week", "last_serial")) == [
        ("2649", 7)
    ]

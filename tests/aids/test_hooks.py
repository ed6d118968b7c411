"""aids learns what makes a care relationship and which aids have an open
pickup through hooks that orders, pickups, work orders and deviations fill when Django
starts (aids.hooks), so it imports none of them."""

from dataclasses import fields

from aids.hooks import hooks
from pickups.models import with_open_pickup


def test_every_hook_is_filled_by_the_app_that_knows():
    assert {field.name for field in fields(hooks)} == {
        "care_relations",
        "with_open_pickup",
    }
    assert sorted(hooks.care_relations) == [
        ("deviations", {}),
        ("holdings", {}),
        ("orders", {"orders__number__isnull": False}),
        ("pickups", {}),
        ("work_orders", {}),
    ]
    assert hooks.with_open_pickup is with_open_pickup

"""What aids needs of the apps above it (orders, pickups, work orders)
without importing them (the layers contract in pyproject.toml): those apps
register here in their AppConfig.ready(); aids only reads."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AidsHooks:
    # What makes a care relationship between a user and a patient: a case of
    # the patient's through one of the user's customers, as (the relation's
    # query name from Person, extra filter). aids' own is the held aid;
    # orders, pickups and work orders add theirs (aids.models.PersonQuerySet).
    care_relations: list[tuple[str, dict]] = field(
        default_factory=lambda: [("holdings", {})]
    )
    # A Holding queryset annotated with each aid's open pickup order:
    # open_pickup (its number) and open_pickup_id, None without one.
    with_open_pickup: Callable[[Any], Any] | None = None


hooks = AidsHooks()

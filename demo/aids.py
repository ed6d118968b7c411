"""Demo population register and held aids: about 200 persons in Västerbotten
(valid personnummer, some deceased, some with protected identity), their
aids from the demo catalogue, individuals of the I-marked ones with their
history (delivered, repaired, moved, returned), returned aids, aids ordered
but not yet delivered, and the demo customers' care-unit aids.

Planned from a fixed random seed and stored as upserts on natural keys
(personnummer, individual number, demo order number), so that seeding again
restores the same state."""

from accounts.models import Customer, User
from aids.choices import HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory, Person
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .aids_plan import plan_aids

# Demo order numbers: their own range, the key of a demo holding.
ORDER_NUMBER_START = 900_000


HOLDING_FIELDS = [
    "person_id",
    "care_unit_id",
    "article_id",
    "individual_id",
    "quantity",
    "ordered_on",
    "customer_id",
    "payer_id",
    "prescriber_id",
    "delivered_on",
    "delivered_quantity",
    "returned_on",
]


def _prescribers():
    """{username: [kundid]} of the demo's prescribers."""
    return {
        user.username: sorted(c.kundid for c in user.customers.all())
        for user in User.objects.filter(
            is_staff=False, customers__isnull=False
        ).prefetch_related("customers")
    }


def _store_persons(plan):
    """Upsert the planned persons; returns {personnummer: pk}."""
    persons = Person.objects.bulk_create(
        [Person(**data) for data in plan.persons],
        update_conflicts=True,
        unique_fields=["personnummer"],
        update_fields=[k for k in plan.persons[0] if k != "personnummer"],
    )
    # The ids of rows that existed are not returned: read them back.
    return dict(
        Person.objects.filter(
            personnummer__in=[p.personnummer for p in persons]
        ).values_list("personnummer", "pk")
    )


def _store_individuals(plan, articles, main):
    """Upsert the individuals of the planned I-marked aids: at the recipient,
    or back at the main warehouse to refurbish. Returns {individual_no: pk}."""
    individuals = [
        Individual(
            individual_no=item.individual_no,
            article=articles[item.article_no],
            location=IndividualLocation.TO_REFURBISH
            if item.returned_on
            else IndividualLocation.AT_RECIPIENT,
            warehouse=main if item.returned_on else None,
        )
        for *_, item in plan.holdings
        if item.individual_no
    ]
    Individual.objects.bulk_create(
        individuals,
        update_conflicts=True,
        unique_fields=["individual_no"],
        update_fields=["article", "location", "warehouse"],
    )
    return dict(
        Individual.objects.filter(
            individual_no__in=[i.individual_no for i in individuals]
        ).values_list("individual_no", "pk")
    )


def _history(item, individual_id, recipient):
    """(individual id, kind, day, note, recipient fields) of an individual's
    planned life: delivered, repaired or moved, perhaps returned."""
    yield individual_id, HistoryKind.DELIVERED, item.delivered_on, "", recipient
    for kind, day, note in item.events:
        yield (
            individual_id,
            kind,
            day,
            note,
            recipient if kind == HistoryKind.REPAIRED else {},
        )
    if item.returned_on:
        yield individual_id, HistoryKind.RETURNED, item.returned_on, "", recipient


def _store_holdings(plan, articles, person_ids, individual_ids):
    """Create or update the planned holdings, keyed by their demo order
    numbers; returns the history of their individuals."""
    customers = {c.kundid: c for c in Customer.objects.select_related("default_payer")}
    users = dict(
        User.objects.filter(
            username__in={item.prescriber for *_, item in plan.holdings}
        ).values_list("username", "pk")
    )
    stored = {
        h.order_number: h
        for h in Holding.objects.filter(
            order_number__in=[
                str(ORDER_NUMBER_START + i) for i in range(len(plan.holdings))
            ]
        )
    }
    new, changed, history = [], [], []
    for i, (number, kundid, item) in enumerate(plan.holdings):
        customer = customers[item.customer]
        values = {
            "person_id": person_ids[number] if number else None,
            "care_unit_id": customers[kundid].pk if kundid else None,
            "article_id": articles[item.article_no].pk,
            "individual_id": individual_ids.get(item.individual_no),
            "quantity": item.quantity,
            "ordered_on": item.ordered_on,
            "customer_id": customer.pk,
            "payer_id": customer.default_payer_id,
            "prescriber_id": users[item.prescriber],
            "delivered_on": item.delivered_on,
            "delivered_quantity": item.quantity if item.delivered_on else 0,
            "returned_on": item.returned_on,
        }
        order_number = str(ORDER_NUMBER_START + i)
        holding = stored.get(order_number)
        if holding is None:
            new.append(Holding(order_number=order_number, **values))
        elif any(getattr(holding, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(holding, name, value)
            changed.append(holding)
        if item.individual_no:
            recipient = {
                "person_id": values["person_id"],
                "care_unit_id": values["care_unit_id"],
            }
            history.extend(_history(item, values["individual_id"], recipient))
    Holding.objects.bulk_create(new)
    Holding.objects.bulk_update(
        changed, [name.removesuffix("_id") for name in HOLDING_FIELDS]
    )
    return history


def _store_history(history, individual_ids, main):
    """Add the events not stored yet (an individual's kind and day are its
    event's key in the demo)."""
    known = set(
        IndividualHistory.objects.filter(
            individual_id__in=individual_ids.values()
        ).values_list("individual_id", "kind", "happened_on")
    )
    IndividualHistory.objects.bulk_create(
        [
            IndividualHistory(
                individual_id=individual_id,
                kind=kind,
                happened_on=day,
                note=note,
                warehouse=main if kind == HistoryKind.RETURNED else None,
                **recipient,
            )
            for individual_id, kind, day, note, recipient in history
            if (individual_id, kind, day) not in known
        ]
    )


def seed_aids(articles, care_units):
    """Store the demo register and aids (`care_units`: kundids with aids of
    their own); returns the demo patient's Person."""
    plan = plan_aids(articles, _prescribers(), care_units)
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    person_ids = _store_persons(plan)
    individual_ids = _store_individuals(plan, articles, main)
    history = _store_holdings(plan, articles, person_ids, individual_ids)
    _store_history(history, individual_ids, main)
    return Person.objects.get(personnummer=plan.persons[0]["personnummer"])

"""Region-scale population register and held aids for benchmarks: a county's
persons, the patients among them with aids, and individuals of the I-marked
ones, each with its delivered event.

Person i, holding j and individual j are always the same (seeded by their
number): generating again adds nothing, larger numbers add the rest. The
first patient, the benchmark patient, has exactly BENCHMARK_HOLDINGS aids."""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import batched

from stdnum import luhn

from accounts.models import Customer, Payer, User
from aids.choices import HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.choices import ArticleType
from catalog.models import Article
from core import audit
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .names import CITIES, FEMALE, LAST_NAMES, MALE, STREETS

BATCH_SIZE = 5000
BENCHMARK_HOLDINGS = 200
BIRTH_DAYS = 365 * 98  # born 1925-2022
FIRST_BIRTH = date(1925, 1, 1)
# Serials clear of the demo's (seed_demo uses low ones).
SERIAL_START = 500
MAX_PERSONS = BIRTH_DAYS * (999 - SERIAL_START)
HOLDING_PREFIX = "G"  # order and individual numbers of generated holdings
LAST_DAY = date(2026, 11, 1)


def person_data(i):
    rng = random.Random(1_000_000 + i)  # noqa: S311 - test data, not secrets
    birth = FIRST_BIRTH + timedelta(days=i % BIRTH_DAYS)
    serial = SERIAL_START + i // BIRTH_DAYS
    digits = f"{birth:%Y%m%d}{serial:03d}"
    city, prefix, _ = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
    code = f"{prefix}{rng.randint(0, 10 ** (5 - len(prefix)) - 1):0{5 - len(prefix)}d}"
    deceased = rng.random() < 0.01
    return (
        digits + luhn.calc_check_digit(digits[2:]),
        rng.choice(FEMALE if serial % 2 == 0 else MALE),
        rng.choice(LAST_NAMES),
        f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
        f"{code[:3]} {code[3:]}",
        city,
        f"070-{rng.randint(1000000, 9999999)}",
        LAST_DAY - timedelta(days=rng.randint(1, 900)) if deceased else None,
        rng.random() < 0.002,
    )


PERSON_FIELDS = [
    "personnummer",
    "first_name",
    "last_name",
    "street",
    "postal_code",
    "city",
    "phone",
    "deceased_on",
    "protected_identity",
]


def generate_persons(count):
    if count > MAX_PERSONS:
        raise ValueError(f"At most {MAX_PERSONS} persons.")
    stored = 0
    for batch in batched(range(count), BATCH_SIZE):
        rows = [person_data(i) for i in batch]
        existing = set(
            Person.objects.filter(
                personnummer__in=[row[0] for row in rows]
            ).values_list("personnummer", flat=True)
        )
        new = [row for row in rows if row[0] not in existing]
        audit.bulk_insert(
            Person,
            ["id", *PERSON_FIELDS],
            [(uuid.uuid4(), *row) for row in new],
            batch_size=BATCH_SIZE,
        )
        stored += len(new)
    return stored


def patient_of(j, patients):
    """The patient index of holding j: the first patient has the benchmark's
    holdings, the others share the rest."""
    if j < BENCHMARK_HOLDINGS or patients == 1:
        return 0
    return 1 + (j - BENCHMARK_HOLDINGS) % (patients - 1)


HOLDING_FIELDS = [
    "person_id",
    "article_id",
    "individual_id",
    "quantity",
    "order_number",
    "ordered_on",
    "customer_id",
    "payer_id",
    "prescriber_id",
    "delivered_on",
    "delivered_quantity",
    "returned_on",
]


@dataclass(frozen=True)
class Pools:
    """What generated holdings draw from, by primary key."""

    marked: list
    plain: list
    payers: list
    customers: list
    prescribers: list
    warehouse_id: int


def _pools():
    main = Article.objects.filter(
        article_type=ArticleType.MAIN, in_assortment=True
    ).order_by("article_no")
    marked = list(main.filter(individually_marked=True).values_list("pk", flat=True))
    plain = list(main.filter(individually_marked=False).values_list("pk", flat=True))
    if not marked or not plain:
        raise ValueError("Load the catalogue first (seed_demo).")
    return Pools(
        marked=marked,
        plain=plain,
        payers=list(Payer.objects.order_by("betalarid").values_list("pk", flat=True)),
        customers=list(
            Customer.objects.order_by("kundid").values_list("pk", flat=True)
        ),
        prescribers=list(
            User.objects.filter(is_staff=False, customers__isnull=False)
            .order_by("username")
            .distinct()
            .values_list("pk", flat=True)
        ),
        warehouse_id=Warehouse.objects.get(code=MAIN_WAREHOUSE).pk,
    )


def _patient_ids(patients):
    """The person ids of the first `patients` generated persons, in order."""
    numbers = [person_data(i)[0] for i in range(patients)]
    ids = {}
    for chunk in batched(numbers, 10_000):
        ids.update(
            Person.objects.filter(personnummer__in=chunk).values_list(
                "personnummer", "pk"
            )
        )
    return [ids[number] for number in numbers]


def holding_data(j, holdings, individuals, pools, person_id):
    """The fields of generated holding j, and whether it is I-marked."""
    rng = random.Random(2_000_000 + j)  # noqa: S311 - test data
    # Evenly spread: holding j is I-marked when the running share of
    # individuals falls behind individuals / holdings.
    is_marked = (j + 1) * individuals // holdings > j * individuals // holdings
    ordered = LAST_DAY - timedelta(days=rng.randint(10, 3650))
    delivered = ordered + timedelta(days=rng.randint(2, 20))
    # The benchmark patient has all of its aids still.
    returned = j >= BENCHMARK_HOLDINGS and rng.random() < 0.15
    row = {
        "marked": is_marked,
        "person_id": person_id,
        "article_id": rng.choice(pools.marked if is_marked else pools.plain),
        "quantity": 1 if is_marked else rng.choice((1, 1, 1, 2)),
        "order_number": f"{HOLDING_PREFIX}{j:07d}",
        "ordered_on": ordered,
        "customer_id": rng.choice(pools.customers),
        "payer_id": rng.choice(pools.payers),
        "prescriber_id": rng.choice(pools.prescribers),
        "delivered_on": delivered,
        "returned_on": (
            delivered + timedelta(days=rng.randint(30, 900)) if returned else None
        ),
    }
    if row["returned_on"] and row["returned_on"] > LAST_DAY:
        row["returned_on"] = None
    return row


def _store_individuals(rows, warehouse_id):
    """The individuals of the I-marked rows, each with its delivered (and
    returned) event; returns {individual_no: pk}, new and existing."""
    marked = [row for row in rows if row["marked"]]
    ids = dict(
        Individual.objects.filter(
            individual_no__in=[row["order_number"] for row in marked]
        ).values_list("individual_no", "pk")
    )
    create = [row for row in marked if row["order_number"] not in ids]
    pks = audit.bulk_insert(
        Individual,
        ["individual_no", "article_id", "location", "warehouse_id"],
        [
            (
                row["order_number"],
                row["article_id"],
                IndividualLocation.TO_REFURBISH
                if row["returned_on"]
                else IndividualLocation.AT_RECIPIENT,
                warehouse_id if row["returned_on"] else None,
            )
            for row in create
        ],
        batch_size=BATCH_SIZE,
    )
    ids.update((row["order_number"], pk) for row, pk in zip(create, pks, strict=True))
    audit.bulk_insert(
        IndividualHistory,
        ["individual_id", "happened_on", "kind", "person_id"],
        [
            (ids[row["order_number"]], day, kind, row["person_id"])
            for row in create
            for kind, day in (
                (HistoryKind.DELIVERED, row["delivered_on"]),
                (HistoryKind.RETURNED, row["returned_on"]),
            )
            if day
        ],
        batch_size=BATCH_SIZE,
    )
    return ids


def _store_holdings(rows, individual_ids):
    audit.bulk_insert(
        Holding,
        HOLDING_FIELDS,
        [
            (
                row["person_id"],
                row["article_id"],
                individual_ids.get(row["order_number"]) if row["marked"] else None,
                row["quantity"],
                row["order_number"],
                row["ordered_on"],
                row["customer_id"],
                row["payer_id"],
                row["prescriber_id"],
                row["delivered_on"],
                row["quantity"],
                row["returned_on"],
            )
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )


def generate_holdings(patients, holdings, individuals):
    """Holdings of the first `patients` persons; `individuals` of them of
    I-marked articles (spread evenly), each with its delivered event."""
    if patients > Person.objects.count() or (holdings and not patients):
        raise ValueError("Generate at least as many --persons as --patients first.")
    if individuals > holdings:
        raise ValueError("--individuals cannot be more than --holdings.")
    pools = _pools()
    patient_ids = _patient_ids(patients)
    stored = 0
    for batch in batched(range(holdings), BATCH_SIZE):
        numbers = [f"{HOLDING_PREFIX}{j:07d}" for j in batch]
        existing = set(
            Holding.objects.filter(order_number__in=numbers).values_list(
                "order_number", flat=True
            )
        )
        rows = [
            holding_data(
                j, holdings, individuals, pools, patient_ids[patient_of(j, patients)]
            )
            for j, number in zip(batch, numbers, strict=True)
            if number not in existing
        ]
        _store_holdings(rows, _store_individuals(rows, pools.warehouse_id))
        stored += len(rows)
    return stored


def benchmark_patient():
    """The generated patient with exactly BENCHMARK_HOLDINGS holdings."""
    holding = (
        Holding.objects.filter(order_number=f"{HOLDING_PREFIX}{0:07d}")
        .select_related("person")
        .first()
    )
    return holding and holding.person

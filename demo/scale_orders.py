"""Region-scale order history for benchmarks: executed customer orders of
the generated patients, as execution and delivery leave them (numbers,
delivery dates, line statuses, picking and delivery stamps, the recipient's
aids on the lines).

Two series of numbers, neither of which numbering.next_number can give
(it gives YYWW of the current ISO week and a serial, e.g. 26480012):
- `G0000000`…: one order per generated holding, with its one line tied to
  the holding (the holding's number, dates, customer, payer, prescriber);
- `00000001`…: year "00", orders of 1–10 lines spread over the three years
  before LAST_DAY, mostly delivered, a few cancelled, and open ones (not
  fully delivered) in its last weeks. Digits, so Kundorder's search, which
  takes digits only, finds them.

Order k of the second series is always the same (seeded by k): generating
again adds nothing, a larger number of lines adds the rest. Its delivered
lines have no holding: they are the history before the generated holdings
(which stay as many as --holdings asks for); the lines of open orders have
theirs, as execution creates them, so customer service can ship them."""

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import batched

from django.db import connection
from django.utils import timezone

from accounts.models import Authorisation, Customer
from aids.models import Holding, Person
from catalog.models import Article
from core import audit
from orders.choices import LineStatus, OrderKind, OrderStatus
from orders.delivery import is_working_day
from orders.models import Order, OrderLine
from orders.services import status_of_lines
from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .scale_aids import HOLDING_FIELDS, HOLDING_PREFIX, LAST_DAY, benchmark_patient

BATCH_SIZE = 5000
HISTORY_PREFIX = "00"  # year 00: never the year of a real order
MAX_HISTORY_ORDERS = 999_999
HISTORY_DAYS = 3 * 365
RECENT_DAYS = 21
LINE_COUNTS = range(1, 11)
LINE_WEIGHTS = (26, 20, 14, 10, 8, 7, 5, 4, 3, 3)  # 3.4 lines an order
QUANTITIES = (1, 1, 1, 1, 2, 2, 3, 4, 6, 10)
PICKED_STATUSES = (
    LineStatus.PICKED,
    LineStatus.PARTLY_DELIVERED,
    LineStatus.DELIVERED,
)
ORDER_FIELDS = [
    "id",
    "number",
    "kind",
    "status",
    "warehouse_id",
    "prescriber_id",
    "customer_id",
    "payer_id",
    "person_id",
    "address_name",
    "street",
    "postal_code",
    "city",
    "joint_delivery",
    "created_at",
    "updated_at",
    "executed_at",
    "cancelled_at",
    "cancelled_by_id",
]
LINE_FIELDS = [
    "order_id",
    "position",
    "article_id",
    "quantity",
    "payer_id",
    "status",
    "delivery_date",
    "delivered_quantity",
    "picked_at",
    "holding_id",
]


def history_number(k):
    return f"{HISTORY_PREFIX}{k + 1:06d}"


@dataclass(frozen=True)
class Pools:
    """What generated orders draw from."""

    articles: list  # (pk, individually marked, lead time)
    pairs: list  # (prescriber pk, customer pk) of the authorisations
    customers: dict  # pk: (address, default payer pk)
    patients: list  # person pks, the benchmark patient apart
    warehouse_id: int
    working_days: list


def _pools():
    articles = list(
        Article.objects.filter(in_assortment=True, outgoing=False)
        .order_by("article_no")
        .values_list("pk", "individually_marked", "lead_time_days")
    )
    pairs = list(
        Authorisation.objects.filter(user__is_staff=False)
        .order_by("user__username", "customer__kundid")
        .values_list("user_id", "customer_id")
    )
    # The benchmark patient keeps exactly its aids: no open order adds one.
    benchmark = benchmark_patient()
    patients = list(
        Person.objects.filter(holdings__order_number__startswith=HOLDING_PREFIX)
        .exclude(pk=benchmark and benchmark.pk)
        .order_by("personnummer")
        .values_list("pk", flat=True)
        .distinct()
    )
    if not articles or not pairs or not patients:
        raise ValueError("Generate --holdings first (after seed_demo).")
    customers = {
        customer.pk: (
            (customer.name, customer.street, customer.postal_code, customer.city),
            customer.default_payer_id,
        )
        for customer in Customer.objects.all()
    }
    first_day = LAST_DAY - timedelta(days=HISTORY_DAYS + 10)
    days = (first_day + timedelta(days=n) for n in range(HISTORY_DAYS + 400))
    return Pools(
        articles=articles,
        pairs=pairs,
        customers=customers,
        patients=patients,
        warehouse_id=Warehouse.objects.get(code=MAIN_WAREHOUSE).pk,
        working_days=[day for day in days if is_working_day(day)],
    )


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _ship_date(working_days, day, count):
    """orders.delivery.add_working_days, by lookup: a million lines would
    otherwise ask the holiday calendar for each day of each lead time."""
    return working_days[bisect_right(working_days, day) + count - 1]


def line_count(k):
    return _line_count(_rng(k))


def _line_count(rng):
    return rng.choices(LINE_COUNTS, weights=LINE_WEIGHTS)[0]


def _rng(k):
    return random.Random(3_000_000 + k)  # noqa: S311 - test data, not secrets


def _line_status(rng, delivery_date, marked, quantity):
    """A line's status on LAST_DAY: delivered when its date is past, else
    waiting, picked, or partly delivered."""
    days_left = (delivery_date - LAST_DAY).days
    if days_left < -2:
        return LineStatus.DELIVERED
    if days_left > 2:
        return LineStatus.REGISTERED
    choice = rng.random()
    if choice < 0.5 or marked:
        return LineStatus.PICKED
    if choice < 0.75 and quantity > 1:
        return LineStatus.PARTLY_DELIVERED
    return LineStatus.DELIVERED


def history_order(k, pools):
    """Order k of the history series: its row's fields and its lines'."""
    rng = _rng(k)
    count = _line_count(rng)
    recent = rng.random() < 0.01
    day = LAST_DAY - timedelta(
        days=rng.randint(0, RECENT_DAYS if recent else HISTORY_DAYS)
    )
    while not is_working_day(day):
        day -= timedelta(days=1)
    executed_at = _at(day, rng.randint(7, 16), rng.randint(0, 59))
    prescriber_id, customer_id = rng.choice(pools.pairs)
    address, payer_id = pools.customers[customer_id]
    joint = rng.random() < 0.8
    lines = []
    for position in range(1, count + 1):
        article_id, marked, lead_time = rng.choice(pools.articles)
        in_stock = rng.random() < 0.8
        lines.append(
            {
                "position": position,
                "article_id": article_id,
                "marked": marked,
                "quantity": 1 if marked else rng.choice(QUANTITIES),
                "delivery_date": _ship_date(
                    pools.working_days, day, 1 if in_stock else max(lead_time, 1)
                ),
            }
        )
    if joint:
        latest = max(line["delivery_date"] for line in lines)
        for line in lines:
            line["delivery_date"] = latest
    cancelled = rng.random() < 0.01
    for line in lines:
        line["status"] = (
            LineStatus.CANCELLED
            if cancelled
            else _line_status(
                rng, line["delivery_date"], line["marked"], line["quantity"]
            )
        )
        line["delivered_quantity"] = {
            LineStatus.DELIVERED: line["quantity"],
            LineStatus.PARTLY_DELIVERED: 1,
        }.get(line["status"], 0)
        # Picked the working day before it ships, or by LAST_DAY.
        picked_on = min(line["delivery_date"] - timedelta(days=1), LAST_DAY)
        line["picked_at"] = (
            _at(picked_on, 14) if line["status"] in PICKED_STATUSES else None
        )
    status = status_of_lines(line["status"] for line in lines)
    if status != OrderStatus.DELIVERED:
        # An I-marked unit delivered goes with an individual on the holding;
        # on an open order its line is still on its way (picked).
        for line in lines:
            if line["marked"] and line["status"] == LineStatus.DELIVERED:
                line["status"] = LineStatus.PICKED
                line["delivered_quantity"] = 0
        status = status_of_lines(line["status"] for line in lines)
    cancelled_at = executed_at + timedelta(hours=2) if cancelled else None
    return {
        "number": history_number(k),
        "day": day,
        "status": status,
        "prescriber_id": prescriber_id,
        "customer_id": customer_id,
        "payer_id": payer_id,
        "person_id": rng.choice(pools.patients),
        "address": address,
        "joint_delivery": joint,
        "executed_at": executed_at,
        "updated_at": cancelled_at
        or max(
            [executed_at]
            + [line["picked_at"] for line in lines if line["picked_at"]]
            + [
                _at(line["delivery_date"], 15)
                for line in lines
                if line["delivered_quantity"]
            ]
        ),
        "cancelled_at": cancelled_at,
        "lines": lines,
    }


def _order_row(order_id, order, pools):
    return (
        order_id,
        order["number"],
        OrderKind.ORDER,
        order["status"],
        pools.warehouse_id,
        order["prescriber_id"],
        order["customer_id"],
        order["payer_id"],
        order["person_id"],
        *order["address"],
        order["joint_delivery"],
        order["executed_at"] - timedelta(minutes=7),
        order["updated_at"],
        order["executed_at"],
        order["cancelled_at"],
        order["prescriber_id"] if order["cancelled_at"] else None,
    )


def _store_history(orders, pools):
    """The orders, the holdings of the open ones' lines, then the lines."""
    ids = [uuid.uuid4() for _ in orders]
    audit.bulk_insert(
        Order,
        ORDER_FIELDS,
        [
            _order_row(order_id, order, pools)
            for order_id, order in zip(ids, orders, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    held = [
        (order, line)
        for order in orders
        if order["status"] not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED)
        for line in order["lines"]
    ]
    holding_ids = audit.bulk_insert(
        Holding,
        HOLDING_FIELDS,
        [
            (
                order["person_id"],
                line["article_id"],
                None,
                line["quantity"],
                order["number"],
                order["day"],
                order["customer_id"],
                order["payer_id"],
                order["prescriber_id"],
                line["delivery_date"] if line["delivered_quantity"] else None,
                line["delivered_quantity"],
                None,
            )
            for order, line in held
        ],
        batch_size=BATCH_SIZE,
    )
    holding_of = {
        (order["number"], line["position"]): pk
        for (order, line), pk in zip(held, holding_ids, strict=True)
    }
    rows = [
        (
            order_id,
            line["position"],
            line["article_id"],
            line["quantity"],
            None,
            line["status"],
            line["delivery_date"],
            line["delivered_quantity"],
            line["picked_at"],
            holding_of.get((order["number"], line["position"])),
        )
        for order_id, order in zip(ids, orders, strict=True)
        for line in order["lines"]
    ]
    audit.bulk_insert(OrderLine, LINE_FIELDS, rows, batch_size=BATCH_SIZE)
    return len(rows)


def _holding_orders(limit, pools):
    """One order per generated holding among the first `limit`, its line
    tied to the holding; returns the lines stored."""
    holdings = list(
        Holding.objects.filter(order_number__startswith=HOLDING_PREFIX)
        .order_by("order_number")
        .values("pk", *HOLDING_FIELDS)[:limit]
    )
    stored = 0
    for batch in batched(holdings, BATCH_SIZE):
        existing = set(
            Order.objects.filter(
                number__in=[row["order_number"] for row in batch]
            ).values_list("number", flat=True)
        )
        new = [row for row in batch if row["order_number"] not in existing]
        ids = [uuid.uuid4() for _ in new]
        orders, lines = [], []
        for order_id, row in zip(ids, new, strict=True):
            address, default_payer = pools.customers[row["customer_id"]]
            number = row["order_number"]
            executed_at = _at(row["ordered_on"], 10, int(number[-2:]) % 60)
            delivered_on = row["delivered_on"]
            done = delivered_on is not None
            line_status = LineStatus.DELIVERED if done else LineStatus.REGISTERED
            orders.append(
                _order_row(
                    order_id,
                    {
                        "number": number,
                        "status": status_of_lines([line_status]),
                        "prescriber_id": row["prescriber_id"],
                        "customer_id": row["customer_id"],
                        "payer_id": default_payer,
                        "person_id": row["person_id"],
                        "address": address,
                        "joint_delivery": True,
                        "executed_at": executed_at,
                        "updated_at": _at(delivered_on, 15) if done else executed_at,
                        "cancelled_at": None,
                    },
                    pools,
                )
            )
            lines.append(
                (
                    order_id,
                    1,
                    row["article_id"],
                    row["quantity"],
                    row["payer_id"] if row["payer_id"] != default_payer else None,
                    line_status,
                    delivered_on,
                    row["delivered_quantity"],
                    _at(delivered_on - timedelta(days=1), 14) if done else None,
                    row["pk"],
                )
            )
        audit.bulk_insert(Order, ORDER_FIELDS, orders, batch_size=BATCH_SIZE)
        audit.bulk_insert(OrderLine, LINE_FIELDS, lines, batch_size=BATCH_SIZE)
        stored += len(lines)
    return len(holdings), stored


def generate_orders(lines):
    """About `lines` order lines: first one order for each generated holding
    (up to `lines`), then history orders until the lines are reached.
    Returns the number of lines stored."""
    pools = _pools()
    # Deferred foreign-key checks would pile up in one queue for a million
    # rows (see demo.scale.generate_articles).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    tied, stored = _holding_orders(lines, pools)
    wanted = []
    total = tied
    while total < lines:
        total += line_count(len(wanted))
        wanted.append(len(wanted))
    if len(wanted) > MAX_HISTORY_ORDERS:
        raise ValueError(f"At most {MAX_HISTORY_ORDERS} history orders.")
    for batch in batched(wanted, BATCH_SIZE):
        numbers = [history_number(k) for k in batch]
        existing = set(
            Order.objects.filter(number__in=numbers).values_list("number", flat=True)
        )
        orders = [
            history_order(k, pools)
            for k, number in zip(batch, numbers, strict=True)
            if number not in existing
        ]
        stored += _store_history(orders, pools)
    return stored

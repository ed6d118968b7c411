"""Stock operations. Each function is one transaction that locks the balance
rows it changes (select_for_update, always in (warehouse, article) order so
that two transactions never wait for each other in a cycle) and writes one
StockMovement row per balance it changes."""

import enum
from collections import Counter
from dataclasses import dataclass
from itertools import batched

from django.db import IntegrityError, transaction
from django.db.models import Q

from .choices import MovementKind
from .models import StockBalance, StockMovement


class StockError(Exception):
    """A stock operation that would make a balance wrong; nothing was changed."""


@dataclass(frozen=True)
class Shortage:
    article: object
    requested: int
    available: int


class InsufficientStock(StockError):
    """One or more articles lack available stock; `shortages` says which."""

    def __init__(self, shortages):
        self.shortages = shortages
        super().__init__(
            ", ".join(
                f"{s.article.article_no}: requested {s.requested}, available {s.available}"
                for s in shortages
            )
        )


class NotReserved(StockError):
    """Releasing or issuing more than is reserved."""


class CountResult(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def available(warehouse, article):
    """On hand minus reserved; 0 when the warehouse has never held the article."""
    balance = (
        StockBalance.objects.filter(warehouse=warehouse, article=article)
        .values_list("on_hand", "reserved")
        .first()
    )
    if balance is None:
        return 0
    on_hand, reserved = balance
    return on_hand - reserved


@transaction.atomic
def reserve(warehouse, lines, reason, user=None):
    """Reserve every line or none: raises InsufficientStock naming each short
    article when any line asks for more than is available."""
    quantities, articles = _merge_lines(lines)
    balances = _lock(warehouse, quantities)
    shortages = []
    for article_id, quantity in quantities.items():
        balance = balances.get(article_id)
        free = balance.available if balance else 0
        if free < quantity:
            shortages.append(Shortage(articles[article_id], quantity, free))
    if shortages:
        raise InsufficientStock(shortages)
    for article_id, quantity in quantities.items():
        balances[article_id].reserved += quantity
    _save(
        [(balances[a], 0, q) for a, q in quantities.items()],
        MovementKind.RESERVE,
        reason,
        user,
    )


@transaction.atomic
def reserve_where_available(warehouse, lines, reason, user=None):
    """Reserve each line whose whole quantity is still available, in the
    given order, and return the quantity reserved per line (its quantity or
    0). For an order whose lines without stock are bought in."""
    quantities, _ = _merge_lines(lines)
    balances = _lock(warehouse, quantities)
    reserved = []
    changes = Counter()
    for article, quantity in lines:
        balance = balances.get(article.pk)
        # The balance's reserved grows as lines take it, so a later line of
        # the same article sees only what is left.
        taken = quantity if balance and balance.available >= quantity else 0
        if taken:
            balance.reserved += taken
            changes[article.pk] += taken
        reserved.append(taken)
    _save(
        [(balances[a], 0, q) for a, q in changes.items()],
        MovementKind.RESERVE,
        reason,
        user,
    )
    return reserved


@transaction.atomic
def release(warehouse, lines, reason, user=None):
    """Give back reservations (an order line cancelled or changed)."""
    quantities, articles = _merge_lines(lines)
    balances = _lock(warehouse, quantities)
    for article_id, quantity in quantities.items():
        balance = balances.get(article_id)
        if balance is None or balance.reserved < quantity:
            raise NotReserved(
                f"{articles[article_id].article_no}: cannot release {quantity}, "
                f"reserved {balance.reserved if balance else 0}"
            )
        balance.reserved -= quantity
    _save(
        [(balances[a], 0, -q) for a, q in quantities.items()],
        MovementKind.RELEASE,
        reason,
        user,
    )


@transaction.atomic
def receive(warehouse, article, quantity, reason, user=None):
    """Goods arrived: on hand goes up."""
    _check_positive(quantity)
    balance, _ = _lock_or_create(warehouse, article)
    balance.on_hand += quantity
    _save([(balance, quantity, 0)], MovementKind.RECEIVE, reason, user)
    return balance


@transaction.atomic
def issue(warehouse, article, quantity, reason, user=None):
    """Goods leave the warehouse against a reservation: on hand and reserved
    both go down."""
    _check_positive(quantity)
    balance = _lock(warehouse, [article.pk]).get(article.pk)
    if balance is None or balance.reserved < quantity:
        raise NotReserved(
            f"{article.article_no}: cannot issue {quantity}, "
            f"reserved {balance.reserved if balance else 0}"
        )
    balance.on_hand -= quantity
    balance.reserved -= quantity
    _save([(balance, -quantity, -quantity)], MovementKind.ISSUE, reason, user)
    return balance


def set_order_up_to(warehouse, article, level):
    """The level a local store's replenishment orders up to (None: its
    safety stock). A setting, not stock: no ledger row."""
    StockBalance.objects.filter(warehouse=warehouse, article=article).update(
        order_up_to=level
    )


@dataclass(frozen=True)
class Count:
    """One counted balance: what is on the shelf and the safety stock."""

    warehouse: object
    article: object
    on_hand: int
    safety_stock: int


COUNT_BATCH = 2000
COUNTED = ["on_hand", "reserved", "safety_stock"]


def count_stock(warehouse, article, on_hand, safety_stock, reason, user=None):
    """Set the counted balance (stocktaking in the admin)."""
    [result] = count_stock_many(
        [Count(warehouse, article, on_hand, safety_stock)], reason, user
    )
    return result


def count_stock_many(counts, reason, user=None):
    """Set counted balances (the nightly stock import, stocktaking) and return
    a CountResult per count, in the given order. Balances are locked, created
    and updated in (warehouse, article) order, a batch at a time, with one
    ledger row per balance that changed."""
    counts = list(counts)
    for count in counts:
        if count.on_hand < 0 or count.safety_stock < 0:
            raise ValueError("On hand and safety stock cannot be negative.")
    keys = [(count.warehouse.pk, count.article.pk) for count in counts]
    if len(set(keys)) < len(keys):
        raise ValueError("A balance can be counted once per call.")
    ordered = sorted(zip(keys, counts, strict=True), key=lambda pair: pair[0])
    results = {}
    # No savepoint of its own (each batch has one): a failure here breaks the
    # caller's transaction anyway, and an import of unchanged rows stays at
    # a few queries.
    with transaction.atomic(savepoint=False):
        for batch in batched(ordered, COUNT_BATCH):
            results.update(_count_batch(dict(batch), reason, user))
    return [results[key] for key in keys]


def _count_batch(counts, reason, user):
    """Count one batch in a savepoint. Another transaction (a delivery of a
    never-held article) may insert one of the batch's new balances between
    the lock and the insert; the retry then finds and locks that balance."""
    try:
        with transaction.atomic():
            return _count_locked(counts, reason, user)
    except IntegrityError:
        return _count_locked(counts, reason, user)


def _count_locked(counts, reason, user):
    balances = _lock_keys(counts)
    results = {}
    created, updated = [], []
    for key, count in counts.items():
        balance = balances.get(key)
        if balance is None:
            balance = StockBalance(
                warehouse_id=key[0],
                article_id=key[1],
                on_hand=count.on_hand,
                safety_stock=count.safety_stock,
            )
            created.append(balance)
            results[key] = CountResult.CREATED
            continue
        # The count is what is physically on the shelf. Reservations beyond
        # it cannot be delivered, and refusing the count would leave the
        # nightly import stuck on a stale figure, so the reservation is cut to
        # what exists; the movement's reserved_change shows how much was lost.
        reserved = min(balance.reserved, count.on_hand)
        on_hand_change = count.on_hand - balance.on_hand
        reserved_change = reserved - balance.reserved
        if (
            on_hand_change
            or reserved_change
            or count.safety_stock != balance.safety_stock
        ):
            balance.on_hand = count.on_hand
            balance.reserved = reserved
            balance.safety_stock = count.safety_stock
            updated.append((balance, on_hand_change, reserved_change))
            results[key] = CountResult.UPDATED
        else:
            results[key] = CountResult.UNCHANGED
    StockBalance.objects.bulk_create(created)
    _save(updated, MovementKind.COUNT, reason, user, fields=COUNTED)
    # A new balance counted as empty (0 on hand, 0 safety stock) is no change.
    _log(
        [(b, b.on_hand, 0) for b in created if b.on_hand or b.safety_stock],
        MovementKind.COUNT,
        reason,
        user,
    )
    return results


def _merge_lines(lines):
    """Sum the quantities of lines for the same article."""
    quantities = Counter()
    articles = {}
    for article, quantity in lines:
        _check_positive(quantity)
        quantities[article.pk] += quantity
        articles[article.pk] = article
    return quantities, articles


def _check_positive(quantity):
    if quantity <= 0:
        raise ValueError("A quantity must be positive.")


def _lock(warehouse, article_ids):
    """Lock the existing balances of these articles, in a fixed order."""
    return {
        balance.article_id: balance
        for balance in StockBalance.objects.select_for_update()
        .filter(warehouse=warehouse, article_id__in=list(article_ids))
        .order_by("warehouse_id", "article_id")
    }


def _lock_keys(keys):
    """Lock the existing balances of these (warehouse id, article id) keys,
    in (warehouse, article) order, in one query."""
    by_warehouse = {}
    for warehouse_id, article_id in keys:
        by_warehouse.setdefault(warehouse_id, []).append(article_id)
    condition = Q()
    for warehouse_id, article_ids in by_warehouse.items():
        condition |= Q(warehouse_id=warehouse_id, article_id__in=article_ids)
    return {
        (balance.warehouse_id, balance.article_id): balance
        for balance in StockBalance.objects.select_for_update()
        .filter(condition)
        .order_by("warehouse_id", "article_id")
    }


def _lock_or_create(warehouse, article):
    # get_or_create re-reads (locking) after losing a race to insert the row.
    return StockBalance.objects.select_for_update().get_or_create(
        warehouse=warehouse, article=article
    )


def _save(changes, kind, reason, user, fields=("on_hand", "reserved")):
    """Store changed balances and one ledger row for each."""
    # Small batches: bulk_update's CASE per column grows with the batch.
    StockBalance.objects.bulk_update(
        [balance for balance, _, _ in changes], fields, batch_size=200
    )
    _log(changes, kind, reason, user)


def _log(changes, kind, reason, user):
    """One ledger row per (balance, on hand change, reserved change)."""
    StockMovement.objects.bulk_create(
        StockMovement(
            balance=balance,
            kind=kind,
            on_hand_change=on_hand_change,
            reserved_change=reserved_change,
            reason=reason,
            user=user,
        )
        for balance, on_hand_change, reserved_change in changes
    )

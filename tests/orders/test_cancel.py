"""Makulera (F-07) at service level, and removing drafts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aids.models import Holding
from orders.choices import LineStatus, OrderStatus
from orders.models import Order, OrderAttachment
from orders.services import (
    can_cancel,
    cancel_order,
    delete_draft,
    execute_order,
    mark_picked,
    purge_abandoned_drafts,
)
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement

from ..factories import (
    ArticleFactory,
    DraftOrderFactory,
    OrderLineFactory,
    StockBalanceFactory,
)

pytestmark = pytest.mark.django_db

REFUSED = (
    "Ordern kan inte makuleras eftersom leveransen redan har påbörjats. "
    "Ring kundtjänst."
)


@pytest.fixture
def stock(db):
    """Shared by the order under test and another order reserving the same
    article."""
    return StockBalanceFactory(article=ArticleFactory(article_no="11418"), on_hand=5)


@pytest.fixture
def other_order(prescriber, stock):
    line = OrderLineFactory(
        order__prescriber=prescriber, article=stock.article, quantity=1
    )
    return execute_order(line.order, prescriber)


@pytest.fixture
def order(prescriber, stock, other_order):
    draft = DraftOrderFactory(prescriber=prescriber)
    OrderLineFactory(order=draft, position=1, article=stock.article, quantity=3)
    OrderLineFactory(order=draft, position=2, article=ArticleFactory())  # bought in
    return execute_order(draft, prescriber)


def _balance(stock):
    stock.refresh_from_db()
    return stock.on_hand, stock.reserved


def test_cancelling_releases_exactly_the_orders_reservations(order, stock, staff):
    assert _balance(stock) == (5, 4)

    cancel_order(order, staff)

    assert _balance(stock) == (5, 1)
    release = StockMovement.objects.get(kind=MovementKind.RELEASE)
    assert (release.balance, release.reserved_change, release.on_hand_change) == (
        stock,
        -3,
        0,
    )
    assert release.reason == f"Kundorder {order.number} makulerad"
    assert release.user == staff


def test_cancelling_removes_the_ordered_aids_and_cancels_every_line(
    order, other_order, staff
):
    cancel_order(order, staff)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_by == staff
    assert order.cancelled_at is not None
    assert list(order.lines.values_list("status", "reserved_quantity", "holding")) == [
        (LineStatus.CANCELLED, 0, None),
        (LineStatus.CANCELLED, 0, None),
    ]
    assert list(Holding.objects.values_list("order_number", flat=True)) == [
        other_order.number
    ]


def test_cancelling_is_audited(order, staff):
    cancel_order(order, staff)

    events = Order.pgh_event_model.objects.filter(pgh_obj_id=order.pk)
    assert list(events.order_by("pgh_id").values_list("pgh_label", "status"))[-1] == (
        "update",
        OrderStatus.CANCELLED,
    )


def test_cancelling_twice_is_harmless(order, stock, staff, prescriber):
    first = cancel_order(order, staff)
    again = cancel_order(order, prescriber)

    assert again.status == OrderStatus.CANCELLED
    assert again.cancelled_by == staff
    assert again.cancelled_at == first.cancelled_at
    assert _balance(stock) == (5, 1)
    assert StockMovement.objects.filter(kind=MovementKind.RELEASE).count() == 1


def test_cancelling_is_refused_once_a_line_is_picked(order, stock, staff):
    mark_picked(order.lines.get(position=1), staff)
    order.refresh_from_db()
    assert not can_cancel(order)

    with pytest.raises(ValidationError) as refusal:
        cancel_order(order, staff)

    assert refusal.value.messages == [REFUSED]
    order.refresh_from_db()
    assert order.status == OrderStatus.PICKED
    assert _balance(stock) == (5, 4)
    assert Holding.objects.filter(order_number=order.number).count() == 2


def test_only_a_registered_order_can_be_cancelled(prescriber, order, staff):
    draft = DraftOrderFactory(prescriber=prescriber)
    assert can_cancel(order)
    assert not can_cancel(draft)
    cancel_order(order, staff)
    order.refresh_from_db()
    assert not can_cancel(order)


def test_cancelling_an_order_without_reservations_writes_no_ledger_row(
    prescriber, staff
):
    line = OrderLineFactory(order__prescriber=prescriber)
    order = execute_order(line.order, prescriber)

    cancel_order(order, staff)

    assert not StockMovement.objects.exists()
    assert not StockBalance.objects.exists()
    assert not Holding.objects.exists()


def test_delete_draft_refuses_an_executed_order(order):
    with pytest.raises(ValidationError):
        delete_draft(order)

    assert Order.objects.filter(pk=order.pk).exists()


def test_purge_removes_old_drafts_with_their_files(
    prescriber, order, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    old = OrderLineFactory(order__prescriber=prescriber).order
    attachment = OrderAttachment.objects.create(
        order=old,
        file=ContentFile(b"%PDF-1.4", name="intyg.pdf"),
        original_name="intyg.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=prescriber,
    )
    fresh = DraftOrderFactory(prescriber=prescriber)
    Order.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=31))
    Order.objects.filter(pk=fresh.pk).update(updated_at=now - timedelta(days=29))
    Order.objects.filter(pk=order.pk).update(updated_at=now - timedelta(days=400))
    stored = attachment.file.name
    assert attachment.file.storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_abandoned_drafts(30, now=now) == 1

    assert not Order.objects.filter(pk=old.pk).exists()
    assert not attachment.file.storage.exists(stored)
    assert Order.objects.filter(pk__in=[fresh.pk, order.pk]).count() == 2
    assert purge_abandoned_drafts(30, now=now) == 0


def test_a_deletion_rolled_back_keeps_the_draft_and_its_files(
    prescriber, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = OrderLineFactory(order__prescriber=prescriber).order
    attachment = OrderAttachment.objects.create(
        order=draft,
        file=ContentFile(b"%PDF-1.4", name="intyg.pdf"),
        original_name="intyg.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=prescriber,
    )

    with pytest.raises(RuntimeError), transaction.atomic():
        delete_draft(draft)
        raise RuntimeError

    assert Order.objects.filter(pk=draft.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.parametrize("meanwhile", ["executed", "touched"])
def test_purge_spares_a_draft_taken_up_while_it_runs(
    prescriber, monkeypatch, meanwhile
):
    now = timezone.now()
    drafts = [OrderLineFactory(order__prescriber=prescriber).order for _ in range(2)]
    Order.objects.update(updated_at=now - timedelta(days=31))
    delete = delete_draft
    taken_up = []

    def prescriber_takes_up_the_other(order):
        # Between the purge's listing and its deleting, the prescriber
        # executes or saves the other draft.
        if not taken_up:
            [other] = [draft for draft in drafts if draft.pk != order.pk]
            if meanwhile == "executed":
                execute_order(other, prescriber)
            else:
                other.save()
            taken_up.append(other)
        delete(order)

    monkeypatch.setattr(
        "orders.services.drafts.delete_draft", prescriber_takes_up_the_other
    )

    assert purge_abandoned_drafts(30, now=now) == 1

    assert list(Order.objects.all()) == taken_up

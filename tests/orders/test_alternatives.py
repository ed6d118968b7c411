"""Outgoing articles as alternatives (F-06), with the manual's three examples."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from orders.choices import OrderStatus
from orders.models import Order
from orders.services import (
    add_line,
    alternatives,
    alternatives_of,
    choose_alternative,
    draft_version,
    execute_order,
    proposed_alternative,
    save_lines,
)
from warehouse.choices import StockLevel
from warehouse.models import StockBalance, Warehouse

from ..factories import (
    ArticleFactory,
    DraftOrderFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(prescriber):
    return DraftOrderFactory(prescriber=prescriber)


def _article(number, stock=None, **fields):
    article = ArticleFactory(article_no=number, **fields)
    if stock is not None:
        StockBalanceFactory(article=article, on_hand=stock)
    return article


def _replaces(new, *older):
    for preference, old in enumerate(older, start=1):
        ReplacementFactory(new=new, old=old, preference=preference)


def _listed(line):
    return [
        (choice.article.article_no, choice.available, choice.outgoing)
        for choice in alternatives(line)
    ]


def test_example_1_both_in_stock_the_older_is_proposed_the_new_may_be_kept(order):
    new = _article("11418", stock=4)
    _replaces(new, _article("11411", stock=2, outgoing=True))

    [line] = add_line(order, new)

    assert line.alternatives_pending is True
    assert _listed(line) == [("11418", 4, False), ("11411", 2, True)]
    assert proposed_alternative(alternatives(line), 1).article_no == "11411"
    choose_alternative(line, new)
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", False)


def test_example_1_taking_the_proposed_older_article(order):
    new = _article("11418", stock=4)
    old = _article("11411", stock=2, outgoing=True)
    _replaces(new, old)
    [line] = add_line(order, new)

    choose_alternative(line, old)

    line.refresh_from_db()
    assert (line.article, line.alternatives_pending) == (old, False)


def test_example_2_choosing_the_new_article_without_stock_means_a_purchase(
    order, prescriber, time_machine
):
    time_machine.move_to(
        datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        tick=False,
    )
    new = _article("34305", lead_time_days=5)
    old = _article("10968", stock=3, outgoing=True)
    _replaces(new, old)
    [line] = add_line(order, new)
    assert line.alternatives_pending is True
    assert _listed(line) == [("34305", 0, False), ("10968", 3, True)]
    assert proposed_alternative(alternatives(line), 1) == old

    choose_alternative(line, new)
    execute_order(order, prescriber)

    line.refresh_from_db()
    assert line.article == new
    assert line.delivery_date == date(2026, 12, 2)  # five working days
    assert line.reserved_quantity == 0
    assert StockBalance.objects.get(article=old).reserved == 0


def test_example_3_two_older_articles_proposed_by_preference(order):
    new = _article("32733")
    first = _article("16988", stock=5, outgoing=True)
    second = _article("18387", stock=5, outgoing=True)
    _replaces(new, first, second)

    [line] = add_line(order, new)

    assert line.alternatives_pending is True
    assert _listed(line) == [
        ("32733", 0, False),
        ("16988", 5, True),
        ("18387", 5, True),
    ]
    assert proposed_alternative(alternatives(line), 1) == first
    choose_alternative(line, second)
    line.refresh_from_db()
    assert line.article == second


def test_an_article_not_in_the_list_is_refused(order):
    new = _article("32733")
    _replaces(new, _article("16988", stock=5), _article("18387", stock=5))
    [line] = add_line(order, new)

    with pytest.raises(ValidationError) as refusal:
        choose_alternative(line, _article("99999", stock=5))

    assert refusal.value.messages == ["Välj en av artiklarna i listan."]
    line.refresh_from_db()
    assert (line.article, line.alternatives_pending) == (new, True)


def test_no_older_article_in_stock_means_nothing_pending(order):
    new = _article("11418", stock=4)
    _replaces(new, _article("11411", stock=0))

    [line] = add_line(order, new)

    assert line.alternatives_pending is False
    assert proposed_alternative(alternatives(line), 1) == new


def test_the_proposal_needs_stock_for_the_whole_quantity(order):
    new = _article("32733")
    first = _article("16988", stock=2)
    second = _article("18387", stock=3)
    _replaces(new, first, second)
    [line] = add_line(order, new, 3)

    choices = alternatives(line)

    assert proposed_alternative(choices, 2) == first
    assert proposed_alternative(choices, 3) == second
    assert proposed_alternative(choices, 4) == new


def test_reserved_stock_is_not_available(order):
    new = _article("11418")
    old = _article("11411")
    StockBalanceFactory(article=old, on_hand=3, reserved=2)
    _replaces(new, old)

    [line] = add_line(order, new, 2)

    assert _listed(line)[1] == ("11411", 1, True)
    assert proposed_alternative(alternatives(line), 2) == new


def test_stock_at_another_warehouse_does_not_count(order):
    new = _article("11418")
    old = _article("11411")
    local = Warehouse.objects.exclude(pk=order.warehouse_id).first()
    StockBalanceFactory(article=old, warehouse=local, on_hand=5)
    _replaces(new, old)

    [line] = add_line(order, new)

    assert line.alternatives_pending is False
    assert _listed(line)[1] == ("11411", 0, True)


def test_no_alternative_can_be_chosen_on_an_executed_order(order):
    new = _article("11418")
    old = _article("11411", stock=2)
    _replaces(new, old)
    [line] = add_line(order, new)
    order.status, order.number = OrderStatus.REGISTERED, "26480001"
    order.save()

    with pytest.raises(ValidationError):
        choose_alternative(line, old)

    line.refresh_from_db()
    assert line.article == new


def test_the_choices_of_many_lines_take_two_queries(order, django_assert_num_queries):
    first = _article("32733")
    _replaces(
        first,
        _article("16988", stock=2, outgoing=True),
        _article("18387", stock=5, outgoing=True),
    )
    second = _article("34305", stock=1)
    _replaces(second, _article("10968", stock=3, outgoing=True))
    lines = [*add_line(order, first), *add_line(order, second), *add_line(order, first)]

    with django_assert_num_queries(2):
        choices = alternatives_of(lines, order.warehouse_id)

    assert {
        line.pk: [(c.article.article_no, c.available) for c in choices[line.pk]]
        for line in lines
    } == {
        lines[0].pk: [("32733", 0), ("16988", 2), ("18387", 5)],
        lines[1].pk: [("34305", 1), ("10968", 3)],
        lines[2].pk: [("32733", 0), ("16988", 2), ("18387", 5)],
    }
    assert alternatives_of([], order.warehouse_id) == {}


def test_each_choice_tells_its_stock_status(order):
    new = _article("34305", lead_time_days=5)
    old = _article("10968", outgoing=True)
    StockBalanceFactory(article=old, on_hand=3, safety_stock=5)
    _replaces(new, old)
    [line] = add_line(order, new)

    ordered, older = alternatives(line)

    assert ordered.status.text == (
        "Slut i lager – levereras från leverantör, leveranstid 5 arbetsdagar"
    )
    assert older.status.level == StockLevel.FEW_LEFT


def test_saving_the_lines_takes_the_choice_with_the_other_changes(order):
    new = _article("11418")
    old = _article("11411", stock=2, outgoing=True)
    _replaces(new, old)
    [line] = add_line(order, new)
    other = _article("17940")

    added = save_lines(
        order,
        draft_version(Order.objects.get(pk=order.pk)),
        {line: (2, None)},
        new_line=([other], 1, None),
        choice=(line, old),
    )

    line.refresh_from_db()
    assert (line.article, line.quantity, line.alternatives_pending) == (old, 2, False)
    assert [each.article for each in added] == [other]


def test_a_refused_choice_saves_nothing_of_the_lines(order):
    new = _article("11418")
    _replaces(new, _article("11411", stock=2, outgoing=True))
    [line] = add_line(order, new)

    with pytest.raises(ValidationError):
        save_lines(
            order,
            draft_version(Order.objects.get(pk=order.pk)),
            {line: (2, None)},
            new_line=([_article("17940")], 1, None),
            choice=(line, _article("99999", stock=5)),
        )

    line.refresh_from_db()
    assert (line.article, line.quantity, line.alternatives_pending) == (new, 1, True)
    assert order.lines.count() == 1

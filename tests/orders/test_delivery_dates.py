"""Delivery dates: the day a line ships from the main warehouse, in Swedish
working days (weekends, public holidays and the eves that are days off)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from orders.delivery import add_working_days, is_working_day, ship_date
from orders.services import execute_order

from ..factories import ArticleFactory, OrderLineFactory, StockBalanceFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 3),  # långfredag
        date(2026, 4, 6),  # annandag påsk
        date(2026, 5, 1),
        date(2026, 5, 14),  # Kristi himmelsfärd
        date(2026, 6, 19),  # midsommarafton
        date(2026, 12, 24),  # julafton
        date(2026, 12, 25),
        date(2026, 12, 31),  # nyårsafton
        date(2027, 1, 1),
        date(2027, 1, 6),
        date(2026, 11, 28),  # Saturday
        date(2026, 11, 29),  # Sunday
    ],
)
def test_days_off(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 2), date(2026, 4, 7), date(2026, 6, 18), date(2026, 12, 23)],
)
def test_days_around_the_holidays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 25), date(2026, 11, 26)),  # Wednesday → Thursday
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday → Monday
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday → Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # skärtorsdag → over Easter
        (date(2026, 6, 18), date(2026, 6, 22)),  # before midsommarafton
        (date(2026, 12, 23), date(2026, 12, 28)),  # before Christmas
        (date(2026, 12, 30), date(2027, 1, 4)),  # before New Year
        (date(2027, 1, 5), date(2027, 1, 7)),  # before trettondedag
    ],
)
def test_in_stock_ships_the_next_working_day(today, expected):
    assert ship_date(today, in_stock=True, lead_time_days=10) == expected


@pytest.mark.parametrize(
    ("today", "lead_time", "expected"),
    [
        (date(2026, 11, 25), 5, date(2026, 12, 2)),
        (date(2026, 3, 31), 4, date(2026, 4, 8)),  # 1, 2, 7, 8 April
        (date(2026, 6, 17), 3, date(2026, 6, 23)),  # 18, 22, 23 June
        (date(2026, 12, 22), 4, date(2026, 12, 30)),  # 23, 28, 29, 30 Dec
        (date(2026, 12, 23), 4, date(2027, 1, 4)),  # 28, 29, 30 Dec, 4 Jan
        (date(2026, 11, 25), 0, date(2026, 11, 26)),  # 0 counts as 1
        (date(2026, 11, 27), 0, date(2026, 11, 30)),
    ],
)
def test_out_of_stock_ships_after_the_lead_time_in_working_days(
    today, lead_time, expected
):
    assert ship_date(today, in_stock=False, lead_time_days=lead_time) == expected


def test_add_working_days_counts_from_the_day_after():
    assert add_working_days(date(2026, 11, 25), 0) == date(2026, 11, 25)
    assert add_working_days(date(2026, 11, 25), 10) == date(2026, 12, 9)


def _travel(time_machine, *args):
    time_machine.move_to(datetime(*args, tzinfo=STOCKHOLM), tick=False)


def _execute(line, prescriber):
    execute_order(line.order, prescriber)
    line.refresh_from_db()
    return line.delivery_date


@pytest.mark.parametrize(
    ("now", "in_stock", "expected"),
    [
        ((2026, 4, 2, 14, 0), True, date(2026, 4, 7)),
        ((2026, 4, 2, 14, 0), False, date(2026, 4, 10)),  # 7, 8, 9, 10 April
        ((2026, 6, 18, 9, 0), True, date(2026, 6, 22)),
        ((2026, 6, 18, 9, 0), False, date(2026, 6, 25)),
        ((2026, 12, 23, 16, 0), True, date(2026, 12, 28)),
        ((2026, 12, 23, 16, 0), False, date(2027, 1, 4)),  # 28-30 Dec, 4 Jan
    ],
)
def test_executing_sets_each_lines_date(
    time_machine, prescriber, now, in_stock, expected
):
    _travel(time_machine, *now)
    line = OrderLineFactory(
        order__prescriber=prescriber, article__lead_time_days=4, quantity=2
    )
    StockBalanceFactory(article=line.article, on_hand=2 if in_stock else 1)

    assert _execute(line, prescriber) == expected
    assert line.reserved_quantity == (2 if in_stock else 0)


def test_the_date_follows_swedish_local_time_not_utc(time_machine, prescriber):
    # Thursday 23:30 UTC is already Friday in Stockholm.
    time_machine.move_to(datetime(2026, 11, 26, 23, 30, tzinfo=ZoneInfo("UTC")))
    line = OrderLineFactory(order__prescriber=prescriber)
    StockBalanceFactory(article=line.article)

    assert _execute(line, prescriber) == date(2026, 11, 30)


def test_lead_time_zero_without_stock_is_one_working_day(time_machine, prescriber):
    _travel(time_machine, 2026, 11, 27, 10, 0)
    line = OrderLineFactory(order__prescriber=prescriber, article__lead_time_days=0)

    assert _execute(line, prescriber) == date(2026, 11, 30)
    assert line.reserved_quantity == 0


@pytest.mark.parametrize(
    ("joint_delivery", "dates"),
    [
        (True, [date(2026, 12, 2), date(2026, 12, 2)]),  # the latest line's
        (False, [date(2026, 11, 26), date(2026, 12, 2)]),  # each its own
    ],
)
def test_samleverans(time_machine, prescriber, joint_delivery, dates):
    _travel(time_machine, 2026, 11, 25, 10, 0)
    in_stock = OrderLineFactory(
        order__prescriber=prescriber,
        order__joint_delivery=joint_delivery,
        position=1,
        article__lead_time_days=10,
    )
    StockBalanceFactory(article=in_stock.article)
    OrderLineFactory(
        order=in_stock.order, position=2, article=ArticleFactory(lead_time_days=5)
    )

    execute_order(in_stock.order, prescriber)

    lines = in_stock.order.lines.order_by("position")
    assert [line.delivery_date for line in lines] == dates
    assert [line.reserved_quantity for line in lines] == [1, 0]

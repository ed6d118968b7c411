"""Order numbers: YYWW of the ISO week and a 4-digit serial per week."""

from datetime import date

import pytest
from django.db import transaction

from orders.models import NumberCounter
from orders.numbering import NumbersExhausted, next_number

pytestmark = pytest.mark.django_db


def test_the_number_is_the_iso_week_and_a_serial():
    wednesday = date(2026, 11, 25)  # ISO week 48

    assert [next_number(wednesday) for _ in range(3)] == [
        "26480001",
        "26480002",
        "26480003",
    ]


def test_serials_continue_within_the_week_and_restart_the_next():
    assert next_number(date(2026, 11, 23)) == "26480001"  # Monday
    assert next_number(date(2026, 11, 29)) == "26480002"  # Sunday, same week
    assert next_number(date(2026, 11, 30)) == "26490001"  # Monday after
    assert next_number(date(2026, 11, 24)) == "26480003"


def test_the_year_is_the_iso_year_across_new_year():
    # 2026-12-31 and 2027-01-01 both belong to ISO week 53 of 2026.
    assert date(2027, 1, 1).isocalendar()[:2] == (2026, 53)
    assert next_number(date(2026, 12, 31)) == "26530001"
    assert next_number(date(2027, 1, 1)) == "26530002"
    assert next_number(date(2027, 1, 3)) == "26530003"
    assert next_number(date(2027, 1, 4)) == "27010001"


def test_late_december_can_belong_to_next_years_first_week():
    assert date(2025, 12, 29).isocalendar()[:2] == (2026, 1)

    assert next_number(date(2025, 12, 29)) == "26010001"
    assert next_number(date(2026, 1, 1)) == "26010002"


def test_week_numbers_below_ten_have_a_leading_zero():
    assert next_number(date(2027, 2, 3)) == "27050001"


def test_a_rolled_back_transaction_gives_its_serial_back():
    day = date(2026, 11, 25)
    assert next_number(day) == "26480001"

    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(day) == "26480002"
        raise RuntimeError

    assert next_number(day) == "26480002"
    assert NumberCounter.objects.get(week="2648").last_serial == 2


def test_the_week_runs_out_after_9999():
    NumberCounter.objects.create(week="2648", last_serial=9998)
    day = date(2026, 11, 25)

    assert next_number(day) == "26489999"
    with pytest.raises(NumbersExhausted), transaction.atomic():
        next_number(day)
    assert next_number(date(2026, 11, 30)) == "26490001"

"""How a cell becomes a value: empty is no value, booleans 1/0, dates
YYYY-MM-DD, lists separated by |, words from a list by value or label."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import CustomerKind
from catalog.choices import ArticleType
from imports.columns import Amount, Boolean, Choice, Date, Integer, List, Text


def error(column, text):
    with pytest.raises(ValidationError) as raised:
        column.parse(text)
    return raised.value.messages


def test_an_empty_cell_is_no_value_unless_required():
    assert Text().parse("") is None
    assert Integer().parse("") is None
    assert List().parse("") == []
    assert error(Integer(required=True), "") == ["värde saknas"]


def test_booleans_are_1_or_0():
    assert Boolean().parse("1") is True
    assert Boolean().parse("0") is False
    assert error(Boolean(), "ja") == ["ange 1 eller 0, inte ja"]


def test_dates_are_year_month_day():
    assert Date().parse("2026-03-01") == date(2026, 3, 1)
    assert error(Date(), "20260301") == ["20260301 är inte ett datum ÅÅÅÅ-MM-DD"]
    assert error(Date(), "2026-02-30") == ["2026-02-30 är inte ett datum ÅÅÅÅ-MM-DD"]
    assert error(Date(), "1/3/2026") == ["1/3/2026 är inte ett datum ÅÅÅÅ-MM-DD"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1250", "1250"), ("1250,5", "1250.5"), ("1250.50", "1250.50"), ("-3", "-3")],
)
def test_amounts_take_a_decimal_comma_or_point(text, value):
    assert Amount().parse(text) == Decimal(value)
    assert Amount().parse("") is None


@pytest.mark.parametrize("text", ["1 250", "1.250,50", "1e3", "NaN", ",5", "١٢"])
def test_amounts_have_no_thousands_separator_or_other_notation(text):
    assert error(Amount(), text) == [f"{text} är inte ett tal (skriv t.ex. 1250,50)"]


def test_integers_may_have_a_minimum():
    assert Integer(min_value=0).parse("0") == 0
    assert error(Integer(min_value=0), "-1") == ["-1 är mindre än 0"]
    assert error(Integer(), "1.5") == ["1.5 är inte ett heltal"]
    assert error(Integer(), "2147483648") == ["2147483648 är större än 2147483647"]


def test_lists_are_separated_by_bars_each_value_once():
    assert List().parse("Cross | Jazz") == ["Cross", "Jazz"]
    assert error(List(), "Cross||Jazz") == ["tomt värde i listan"]
    assert error(List(), "Cross|Cross") == ["Cross står två gånger"]
    assert error(List(max_length=3), "Cross") == ["Cross är längre än 3 tecken"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("huvudhjälpmedel", ArticleType.MAIN),
        ("Huvudhjälpmedel", ArticleType.MAIN),
        ("TILLBEHÖR", ArticleType.ACCESSORY),
        ("  förbrukning ", ArticleType.CONSUMABLE),
        ("Egenavgift", ArticleType.PATIENT_FEE),
    ],
)
def test_a_choice_is_its_value_or_label_in_any_case(text, value):
    assert Choice(ArticleType).parse(text) == value


def test_a_choice_error_lists_the_words_as_users_write_them():
    assert error(Choice(CustomerKind), "landsting") == [
        "landsting är inte tillåtet (Kommun, Region)"
    ]
    assert error(Choice(ArticleType), "tillbehor") == [
        "tillbehor är inte tillåtet (Huvudhjälpmedel, Tillbehör, Reservdel, "
        "Förbrukning, Egenavgift)"
    ]

"""The personnummer of the Hjälpmedel search, property-based: every valid
number is accepted in each usual written form, every single-digit change is
refused, and no input crashes the form."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from aids.forms import RecipientSearchForm
from core.validators import normalise_personnummer

# A fixed "today" for the century of 10-digit forms.
TODAY = date(2026, 6, 1)

born = st.dates(min_value=date(1927, 1, 1), max_value=TODAY - timedelta(days=1))


@st.composite
def personnummer(draw):
    """A valid 12-digit number; one in five a samordningsnummer (day + 60)."""
    birth = draw(born)
    day = birth.day + (60 if draw(st.integers(0, 4)) == 0 else 0)
    nine = f"{birth:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    return f"{birth.year // 100}{nine}{luhn.calc_check_digit(nine)}"


@given(personnummer())
def test_a_valid_number_is_accepted_in_every_written_form(number):
    for written in [number, number[:8] + "-" + number[8:], number[2:]]:
        assert normalise_personnummer(written, today=TODAY) == number
    assert normalise_personnummer(number[2:8] + "-" + number[8:], today=TODAY) == number


@given(personnummer(), st.integers(2, 11), st.integers(1, 9))
def test_every_single_digit_change_is_refused(number, position, change):
    digit = (int(number[position]) + change) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]

    with pytest.raises(ValidationError) as refused:
        normalise_personnummer(changed, today=TODAY)

    # A change in the date may make it impossible; otherwise the check digit
    # catches it (Luhn finds every single-digit error).
    assert refused.value.code in {"checksum", "date"}


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    recipient_type=st.sampled_from(["patient", "vardenhet", "", "x"]),
    personnummer=st.text(max_size=30),
    care_unit=st.text(max_size=10),
)
# Digits that str.isdigit() accepts but int() refuses, or not ASCII at all.
@example(recipient_type="patient", personnummer="²" * 12, care_unit="")
@example(recipient_type="patient", personnummer="١" * 12, care_unit="")
@example(recipient_type="vardenhet", personnummer="", care_unit="١٢٣٤٥")
@example(recipient_type="patient", personnummer="19400101238\x00", care_unit="")
def test_no_input_crashes_the_form(prescriber, recipient_type, personnummer, care_unit):
    form = RecipientSearchForm(
        {
            "recipient_type": recipient_type,
            "personnummer": personnummer,
            "care_unit": care_unit,
        },
        user=prescriber,
    )

    # Nobody is registered: every input is answered with an error.
    assert not form.is_valid()
    assert form.errors

"""The shared form fields: PersonnummerField and PhoneField clean and refuse
as every form that asks for one did, with the same Swedish messages."""

import pytest
import time_machine
from django import forms

from core.forms import PersonnummerField, PhoneField

# A 10-digit number's century is the latest not in the future.
TODAY = time_machine.travel("2026-03-02 12:00 +01:00", tick=False)


def errors(field, value):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    return [
        (error.code, message)
        for error, message in zip(
            refused.value.error_list, refused.value.messages, strict=True
        )
    ]


@pytest.mark.parametrize(
    "typed",
    ["194501012381", "19450101-2381", "450101-2381", " 4501012381 "],
)
@TODAY
def test_a_personnummer_in_any_usual_form_is_cleaned_to_12_digits(typed):
    assert PersonnummerField().clean(typed) == "194501012381"


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("1945", "length", "Ange personnumret med 12 siffror, ÅÅÅÅMMDDNNNN."),
        ("194513012381", "date", "Personnumret innehåller ett datum som inte finns."),
        (
            "194501012388",
            "checksum",
            "Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        ),
    ],
)
def test_a_wrong_personnummer_is_refused_with_the_reason(typed, code, message):
    assert errors(PersonnummerField(), typed) == [(code, message)]


def test_the_personnummer_field_is_labelled_and_explained_in_swedish():
    field = PersonnummerField()

    assert (field.label, field.help_text, field.max_length) == (
        "Personnummer",
        "12 siffror, ÅÅÅÅMMDDNNNN.",
        20,
    )
    assert errors(field, "") == [("required", "Detta fält måste fyllas i.")]
    assert PersonnummerField(required=False).clean("  ") == ""


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("1945", "1945"),
        ("1945 01", "194501"),
        ("19450101-2381", "194501012381"),
        ("450101-2381", "194501012381"),
        ("4501012381", "4501012381"),
    ],
)
@TODAY
def test_a_beginning_is_enough_for_a_search(typed, cleaned):
    assert PersonnummerField(beginning=True).clean(typed) == cleaned


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (
            "19x5",
            "digits",
            "Ange personnumret med siffror, med eller utan bindestreck.",
        ),
        (
            "19-45-01",
            "digits",
            "Ange personnumret med siffror, med eller utan bindestreck.",
        ),
        (
            "²²²²",
            "digits",
            "Ange personnumret med siffror, med eller utan bindestreck.",
        ),
        ("194", "too_short", "Ange minst 4 siffror av personnumret."),
        (
            "1945010123811",
            "too_long",
            "Ett personnummer har högst 12 siffror, ÅÅÅÅMMDDNNNN.",
        ),
        (
            "194501012388",
            "checksum",
            "Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        ),
    ],
)
def test_a_wrong_beginning_is_refused_with_the_reason(typed, code, message):
    assert errors(PersonnummerField(beginning=True), typed) == [(code, message)]


def test_a_search_explains_that_a_beginning_is_enough():
    field = PersonnummerField(beginning=True, required=False)

    assert field.help_text == "Hela personnumret eller dess början, minst 4 siffror."
    assert field.clean("") == ""


@pytest.mark.parametrize("typed", ["070-123 45 67", "090-12 34 56", "+46 70 123 45 67"])
def test_a_swedish_phone_number_is_kept_as_typed(typed):
    assert PhoneField().clean(typed) == typed


@pytest.mark.parametrize("typed", ["12345", "+1 202 555 0123", "telefon"])
def test_a_number_that_cannot_be_swedish_is_refused(typed):
    assert errors(PhoneField(), typed) == [
        (
            "swedish_phone",
            "Ange ett svenskt telefonnummer med riktnummer, till exempel "
            "070-123 45 67 eller 090-12 34 56.",
        )
    ]


def test_the_phone_field_is_labelled_in_swedish_and_may_be_optional():
    field = PhoneField(required=False)

    assert (field.label, field.max_length) == ("Telefon", 50)
    assert field.clean("") == ""
    assert PhoneField(label="Telefon/mobiltelefon").label == "Telefon/mobiltelefon"

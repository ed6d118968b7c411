"""Password policy (NIST SP 800-63B / OWASP ASVS): at least 15 characters,
at most 128, not easy to guess (a common password, like the user's own data,
a zxcvbn score below 3), and no composition rules."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from tests.factories import PASSWORD, UserFactory

from .helpers import choose_password, link_in

pytestmark = pytest.mark.django_db

TOO_SHORT = "fjorton tecken"
FIFTEEN = "ekorre i granen"
SIXTY_FOUR = "tre katter sover i soffan medan regnet smattrar mot fönstret ute"
MAX = ("en lång men ändå helt vanlig lösenfras " * 4)[:128]
TOO_LONG = MAX + "x"


def test_the_example_passwords_have_the_lengths_they_claim():
    assert len(TOO_SHORT) == 14
    assert len(FIFTEEN) == 15
    assert len(SIXTY_FOUR) == 64
    assert len(MAX) == 128
    assert len(TOO_LONG) == 129


def change_password(client, user, new_password):
    client.force_login(user)
    return client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )


def activate(client, user, new_password):
    services.send_activation_email(user)
    return choose_password(client, link_in(mail.outbox[-1]), new_password)


def reset(client, user, new_password):
    client.post(reverse("password_reset"), {"email": user.email})
    return choose_password(client, link_in(mail.outbox[-1]), new_password)


def field_error(response, field):
    """The error text shown under one field of the form on the page."""
    match = re.search(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>',
        response.text,
        re.DOTALL,
    )
    assert match, f"no error shown at {field}"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            TOO_SHORT,
            "Det här lösenordet är för kort. Det måste innehålla minst 15 tecken.",
        ),
        ("1q2w3e4r5t6y7u8i", "Detta lösenord är alldeles för vanligt."),
        ("123456789123456789", "Detta lösenord är alldeles för vanligt."),
        (TOO_LONG, "Lösenordet får vara högst 128 tecken."),
    ],
    ids=["14 characters", "common", "common digits", "129 characters"],
)
def test_it_refuses_a_bad_password_in_swedish_at_the_field(
    client, prescriber, password, message
):
    response = change_password(client, prescriber, password)

    assert response.status_code == 200
    assert response.context["form"].errors == {"new_password1": [message]}
    assert field_error(response, "new_password1") == message
    assert 'aria-describedby="id_new_password1_helptext id_new_password1_error"' in (
        response.text
    )
    prescriber.refresh_from_db()
    assert prescriber.check_password(PASSWORD)


def test_it_refuses_a_password_like_the_username(client):
    user = UserFactory(username="margareta.lindqvist")

    response = change_password(client, user, "margaretalindqvist")

    assert response.status_code == 200
    assert field_error(response, "new_password1") == (
        "Ditt lösenord är alltför likt användarnamn."
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_refuses_a_password_like_the_email_address(client):
    user = UserFactory(username="ml01", email="margareta.lindqvist@region.se")

    response = change_password(client, user, "margareta.lindqvist")

    assert field_error(response, "new_password1") == (
        "Ditt lösenord är alltför likt e-postadress."
    )


@pytest.mark.parametrize(
    "password",
    [FIFTEEN, SIXTY_FOUR, MAX, "en lösenfras utan siffror alls"],
    ids=["15 characters", "64 characters", "128 characters", "lowercase only"],
)
def test_it_accepts_a_long_passphrase_without_composition_rules(
    client, prescriber, password
):
    assert password == password.lower()

    response = change_password(client, prescriber, password)

    assert response.status_code == 302, response.context["form"].errors
    prescriber.refresh_from_db()
    assert prescriber.check_password(password)


def test_the_same_rules_apply_to_every_password_form(prescriber):
    """Validators are project settings, so the admin, activation and reset
    forms enforce them too."""
    with pytest.raises(ValidationError) as short:
        validate_password(TOO_SHORT, prescriber)
    assert short.value.error_list[0].code == "password_too_short"
    with pytest.raises(ValidationError) as long:
        validate_password(TOO_LONG, prescriber)
    assert long.value.error_list[0].code == "password_too_long"
    assert validate_password(FIFTEEN, prescriber) is None
    # The factories' password is set directly; it meets the policy too.
    assert validate_password(PASSWORD, prescriber) is None


def test_it_explains_the_rule_next_to_the_new_password(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("password_change"))

    help_text = str(response.context["form"]["new_password1"].help_text)
    assert "minst 15 tecken" in help_text.lower()
    assert "Du behöver inte blanda siffror eller specialtecken" in help_text
    assert f'<div id="id_new_password1_helptext" class="form-text">{help_text}' in (
        response.text
    )


GUESSABLE = {
    "aaaaaaaaaaaaaaaa": "Upprepningar, som aaa eller abcabc, är lätta att gissa.",
    "passwordpassword": "Upprepningar, som aaa eller abcabc, är lätta att gissa.",
    "qwertyuiopasdfgh": "Det liknar ett vanligt lösenord.",
    "hjalpmedel123456": "Det bygger på ditt namn, användarnamn eller e-postadress "
    "eller på ord som webSesam och hjälpmedel.",
}


def guessable_message(reason):
    return (
        f"Lösenordet är för lätt att gissa. {reason} "
        "Välj en lösenfras av flera ord som inte hör ihop."
    )


@pytest.mark.parametrize("page", [change_password, activate, reset])
@pytest.mark.parametrize(("password", "reason"), GUESSABLE.items())
def test_it_refuses_an_easily_guessed_16_character_password_on_every_page(
    client, prescriber, page, password, reason
):
    assert len(password) == 16

    response = page(client, prescriber, password)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "new_password1": [guessable_message(reason)]
    }
    assert field_error(response, "new_password1") == guessable_message(reason)
    prescriber.refresh_from_db()
    assert prescriber.check_password(PASSWORD)


@pytest.mark.parametrize("page", [change_password, activate, reset])
def test_it_accepts_a_passphrase_of_unrelated_words_on_every_page(
    client, prescriber, page
):
    response = page(client, prescriber, "sju gröna äpplen i en korg")

    assert response.status_code == 302, response.context["form"].errors
    prescriber.refresh_from_db()
    assert prescriber.check_password("sju gröna äpplen i en korg")


def test_it_counts_the_users_names_as_dictionary_words():
    """Not alike enough for Django's similarity check, but only two known words."""
    user = UserFactory.build(
        username="tp01",
        first_name="Tuulikki",
        last_name="Päärnilä",
        email="tuulikki.parnila@region.se",
    )
    assert validate_password("tuulikkipäärnilä") is None

    with pytest.raises(ValidationError) as refused:
        validate_password("tuulikkipäärnilä", user)

    assert refused.value.messages == [guessable_message(GUESSABLE["hjalpmedel123456"])]


def test_it_counts_the_services_name_as_dictionary_words():
    with pytest.raises(ValidationError) as refused:
        validate_password("websesamhjälpmedel")

    assert refused.value.error_list[0].code == "password_too_guessable"


def test_one_reason_is_given_for_a_common_password(prescriber):
    """Django's common-password list answers first; zxcvbn does not repeat it."""
    with pytest.raises(ValidationError) as refused:
        validate_password("1q2w3e4r5t6y7u8i", prescriber)

    assert refused.value.messages == ["Detta lösenord är alldeles för vanligt."]

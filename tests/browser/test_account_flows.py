"""A prescriber's first steps, in a real browser: activating or changing the
password, logging in, reading a personal message and logging out. Every page
visited is checked with axe-core (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.services import create_user
from notices.services import notify
from tests.browser.helpers import heading, submit_login

NEW_PASSWORD = "blåbär i skogen vid älven"
# Playwright matches a regex against the label's raw text (leading white
# space included); anchored, so that "Bekräfta nytt lösenord" does not match.
NEW_PASSWORD_FIELD = re.compile(r"^\s*Nytt lösenord")
# A message's link on the start page is its time; Ta bort is the other.
SENT_AT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


@pytest.fixture(autouse=True)
def links_point_to_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


def activation_link(mailoutbox, user, live_server):
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    links = re.findall(r"https?://\S+", mail.body)
    assert len(links) == 1, mail.body
    assert links[0].startswith(f"{live_server.url}/konto/aktivera/")
    return links[0]


def test_staff_created_account_activates_reads_a_message_and_logs_out(
    page, live_server, mailoutbox, assert_accessible
):
    user = create_user(
        username="anna.berg",
        email="anna.berg@example.se",
        first_name="Anna",
        last_name="Berg",
    )
    link = activation_link(mailoutbox, user, live_server)

    page.goto(link)
    expect(heading(page, "Aktivera ditt konto")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(NEW_PASSWORD_FIELD).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenord").click()

    expect(heading(page, "Logga in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Ditt konto är aktiverat. Logga in med ditt nya lösenord."
    )
    assert_accessible(page)

    notify(user, "Leveransdatum ändrat", "Nytt leveransdatum är 2026-12-03.")
    submit_login(page, "anna.berg", NEW_PASSWORD)

    expect(heading(page, "Startsida")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Leveransdatum ändrat")
    expect(row).to_contain_text("Oläst")
    assert_accessible(page)

    row.get_by_role("link", name=SENT_AT).click()
    expect(heading(page, "Leveransdatum ändrat")).to_be_visible()
    expect(page.get_by_text("Nytt leveransdatum är 2026-12-03.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tillbaka").click()
    expect(heading(page, "Startsida")).to_be_visible()
    expect(row).to_contain_text("Läst")
    expect(row).not_to_contain_text("Oläst")
    assert_accessible(page)

    page.get_by_role("button", name="Avsluta").click()
    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)

    # Really logged out: the start page asks for a login again.
    page.goto("/")
    expect(heading(page, "Logga in")).to_be_visible()


def test_imported_user_must_change_the_initial_password_first(
    page, live_server, assert_accessible
):
    initial_password = "startlösenord från importen 1"
    user = create_user(
        username="bo.lind",
        email="bo.lind@example.se",
        first_name="Bo",
        last_name="Lind",
        initial_password=initial_password,
    )

    page.goto("/konto/logga-in/")
    expect(heading(page, "Logga in")).to_be_visible()
    assert_accessible(page)

    submit_login(page, "bo.lind", initial_password)

    expect(heading(page, "Byt lösenord")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/konto/losenord/")
    expect(page.get_by_text("Du loggade in med ett startlösenord.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Gammalt lösenord").fill(initial_password)
    page.get_by_label(NEW_PASSWORD_FIELD).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenord").click()

    expect(heading(page, "Startsida")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Ditt nya lösenord är sparat.")
    assert_accessible(page)

    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)


def test_too_short_password_on_activation_is_refused_next_to_the_field(
    page, live_server, mailoutbox, assert_accessible
):

    user = create_user(username="cecilia.ek", email="cecilia.ek@example.se")
    page.goto(activation_link(mailoutbox, user, live_server))
    expect(heading(page, "Aktivera ditt konto")).to_be_visible()

    page.get_by_label(NEW_PASSWORD_FIELD).fill("kort lösen")
    page.get_by_label("Bekräfta nytt lösenord").fill("kort lösen")
    page.get_by_role("button", name="Spara lösenord").click()

    # The error is tied to the field that has the rule in its help text, so a
    # screen reader announces both there.
    new_password = page.get_by_label(NEW_PASSWORD_FIELD)
    expect(new_password).to_have_attribute("aria-invalid", "true")
    expect(new_password).to_have_accessible_description(
        re.compile(
            "Det här lösenordet är för kort. Det måste innehålla minst 15 tecken."
        )
    )
    expect(heading(page, "Aktivera ditt konto")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/konto/aktivera/[^/]+/set-password/$"))
    assert_accessible(page)

    user.refresh_from_db()
    assert not user.has_usable_password()

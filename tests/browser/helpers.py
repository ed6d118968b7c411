"""Steps the browser flows share: finding a page's heading and logging in."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def heading(page, name):
    return page.get_by_role("heading", level=1, name=name, exact=True)


def submit_login(page, username, password=PASSWORD):
    page.get_by_label("Användarnamn").fill(username)
    # Anchored: crispy's "*" and whitespace surround the label text.
    page.get_by_label(re.compile(r"^\s*Lösenord")).fill(password)
    page.get_by_role("button", name="Logga in").click()


def confirm_care_relationship(page, reason):
    """Answer Bekräfta vårdrelation, asked before a patient none of the
    user's customers has been in contact with."""
    expect(heading(page, "Bekräfta vårdrelation")).to_be_visible()
    page.get_by_label("Jag har en vårdrelation med patienten").check()
    page.get_by_label(reason).check()
    page.get_by_role("button", name="Bekräfta och fortsätt").click()


def log_in(page, **fields):
    """Log a new prescriber (with `fields`, such as customers) in through
    the login page; returns the user."""
    user = UserFactory(**fields)
    page.goto("/konto/logga-in/")
    submit_login(page, user.username)
    expect(heading(page, "Startsida")).to_be_visible()
    return user


def today_on_the_server():
    """Today's date as the page shows it, or yesterday's: the server may have
    written it just before midnight (no browser test runs for a day)."""
    today = timezone.localdate()
    return re.compile(f"{today - timedelta(days=1)}|{today}")

"""Steps the browser flows share: finding a page's heading, logging in, and
counting page loads, actions and Tab presses."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    ReplacementFactory,
    StockBalanceFactory,
    UserFactory,
)

# Far more than any page needs: a Tab that never reaches its target stops here.
TAB_LIMIT = 150


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


def an_outgoing_alternative_in_stock():
    """The manual's example 2: 34305 replaces the older 10968, which has
    stock, so ordering 34305 asks for the choice (F-06)."""
    link = ReplacementFactory(
        new__article_no="34305",
        new__name="Duschpall ny",
        old__article_no="10968",
        old__name="Duschstol äldre",
    )
    StockBalanceFactory(article=link.old, on_hand=3)
    return link


def today_on_the_server():
    """Today's date as the page shows it, or yesterday's: the server may have
    written it just before midnight (no browser test runs for a day)."""
    today = timezone.localdate()
    return re.compile(f"{today - timedelta(days=1)}|{today}")


class Counter:
    """Page loads of the tab, counted from when it is made, and the user's
    actions and Tab presses, counted by the methods the flow acts through."""

    def __init__(self, page):
        self.page = page
        self.page_loads = 0
        self.actions = 0
        self.tabs = 0
        page.on("request", self._on_request)

    def _on_request(self, request):
        if (
            request.is_navigation_request()
            and request.frame == self.page.main_frame
            and request.redirected_from is None
        ):
            self.page_loads += 1

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, text):
        self.actions += 1
        locator.fill(text)

    def press(self, locator, key):
        self.actions += 1
        locator.press(key)

    def skip_to(self, name):
        """Tab to the skip link `name` and follow it."""
        self.tab_to(self.page.get_by_role("link", name=name))
        self.page.keyboard.press("Enter")

    def tab_to(self, locator):
        """Tab until `locator` has the focus."""
        for _ in range(TAB_LIMIT):
            if locator.evaluate("element => element === document.activeElement"):
                return
            self.tabs += 1
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {locator}")

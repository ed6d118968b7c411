"""Browser tests: Playwright (sync API) driving Debian's chromium against
pytest-django's live_server, with axe-core checks on every page visited.

Playwright's own browser download does not work here, hence the launch
arguments; see /work/shared/MACHINE-NOTES.md, "Browser tests". The browser
keeps Playwright's default locale (en-US) on purpose: the pages must be
Swedish whatever language the browser asks for."""

import os

import pytest
from axe_playwright_python.base import AXE_SCRIPT

# Sync Playwright runs an event loop in the test thread; without this the ORM
# raises SynchronousOnlyOperation when the test itself touches the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps trying to reach the internet.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

# WCAG 2.1 level A and AA, deliberately: the WCAG 2.2 rules (target-size) and
# axe's best practices are not what we promise.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server. Defining the
    fixture here also replaces pytest-playwright 0.10's fallback base_url, a
    session fixture on a plugin instance that pytest 9.2 deprecates
    (PytestRemovedIn10Warning, an error under our filterwarnings)."""
    return live_server.url


@pytest.fixture
def page_errors(page):
    """Console errors (CSP violations, failed resources, script errors) and
    uncaught exceptions of the page; any of them fails the test."""
    errors = []

    def on_console(message):
        if message.type == "error":
            location = message.location.get("url", "")
            errors.append(f"console: {message.text} ({location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield errors
    assert not errors, "The page reported errors:\n" + "\n".join(errors)


@pytest.fixture
def assert_accessible(page_errors):
    """assert_accessible(page): the page has no console errors so far and no
    axe-core violations of WCAG 2.1 A/AA."""

    def check(page):
        assert not page_errors, f"{page.url} reported errors:\n" + "\n".join(
            page_errors
        )
        # page.evaluate, not add_script_tag: our Content-Security-Policy
        # refuses inline and foreign scripts.
        page.evaluate(AXE_SCRIPT)
        results = page.evaluate(
            "options => axe.run(document, options)",
            {
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
            },
        )
        violations = results["violations"]
        assert not violations, f"axe: {page.url}\n" + format_violations(violations)

    return check


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            for summary in node.get("failureSummary", "").splitlines():
                lines.append(f"      {summary}")
    return "\n".join(lines)

"""Several app servers (README, "Production"): the app keeps nothing between
requests that the next server would miss. Two real gunicorn instances serve
the same test database and the same MEDIA_ROOT; one browser alternates
between them as a load balancer without sticky sessions would send it:
logs in on the first, confirms the care relationship and starts the order
on the second, adds the line on the first, attaches a file and executes on
the second, opens the confirmation's PDF and the attachment on the first.

The servers are on two ports of 127.0.0.1, and a browser's cookies belong
to the host, not the port: the session cookie set by one server is sent to
the other, as behind one load-balanced name."""

import os
import re
import secrets
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from tests.browser.helpers import confirm_care_relationship, heading, submit_login
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    PersonFactory,
    StockBalanceFactory,
    UserFactory,
)
from tests.pdf import pdf_text

from .test_order_end_to_end import SMALL_PDF

GUNICORN = Path(sys.executable).with_name("gunicorn")
# Bounds, not pauses: a server ready sooner is used sooner.
START_TIMEOUT = 120
STOP_TIMEOUT = 30
LISTENING = re.compile(r"Listening at: (http://\S+)")


@pytest.fixture
def fast_password_hashing():
    """The servers check passwords with the real hashers, which do not
    read the tests' fast one."""


class Server:
    """A gunicorn instance of websesam.wsgi on a free port; its log is
    kept for the failure message."""

    def __init__(self, name, environment):
        self.name = name
        self.log = []
        self.url = None
        self.listening = threading.Event()
        self.process = subprocess.Popen(  # noqa: S603 - our own app
            [
                str(GUNICORN),
                "websesam.wsgi",
                # Port 0: the system picks a free one, read back from the log.
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "2",
                "--preload",
                "--no-control-socket",
                "--log-level",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self):
        for line in self.process.stderr:
            self.log.append(line)
            found = LISTENING.search(line)
            if found and not self.listening.is_set():
                self.url = found.group(1)
                self.listening.set()
        # Ended before listening: wake the waiter, which finds no URL.
        self.listening.set()

    def wait_until_ready(self):
        """Listening is enough: the app is loaded before gunicorn binds
        (--preload), and a request waits in the socket's backlog until a
        worker takes it."""
        self.listening.wait(START_TIMEOUT)
        assert self.url, f"{self.name} did not start:\n{''.join(self.log)}"
        with urlopen(f"{self.url}/konto/logga-in/", timeout=START_TIMEOUT) as page:  # noqa: S310 - our own server
            assert page.status == 200

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def app_database_url():
    """The test database pytest-django made, as the app role."""
    database = settings.DATABASES["default"]
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = quote(database["HOST"] or "", safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{connection.settings_dict['NAME']}"


@pytest.fixture
def servers(transactional_db, tmp_path):
    """Two app servers with one database, one MEDIA_ROOT and one secret
    key, and nothing else in common; stopped (their database connections
    closed) before the test database is flushed."""
    environment = {
        name: value
        for name, value in os.environ.items()
        # The migrate step's role is not the app servers' (README), and the
        # ORM-beside-Playwright allowance is the test process's own.
        if name not in {"MIGRATE_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        # Static files from the finders, as in the other browser tests:
        # production's manifest would need a collectstatic first, and
        # nothing the servers share depends on it.
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=app_database_url(),
        MEDIA_ROOT=str(tmp_path / "media"),
        CONN_MAX_AGE="0",
        LOG_LEVEL="WARNING",
    )
    started = [Server(name, environment) for name in ("first", "second")]
    try:
        for server in started:
            server.wait_until_ready()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def data(transactional_db):
    StockBalanceFactory(
        article=ArticleFactory(article_no="17940", name="Rollator Cross 6"),
        on_hand=3,
    )
    return {
        "person": PersonFactory(
            personnummer="194001012386", first_name="Karin", last_name="Berg"
        ),
        "prescriber": UserFactory(
            customers=[CustomerFactory(kundid="40001", name="Hemtjänst Norr")]
        ),
    }


def on(page, server):
    """The page the browser is on, asked of `server` instead."""
    path = urlsplit(page.url)
    page.goto(f"{server.url}{path.path}{'?' + path.query if path.query else ''}")
    assert page.url.startswith(server.url)


def test_an_order_alternating_between_two_app_servers(
    page, servers, data, assert_accessible
):
    first, second = servers
    assert first.url != second.url

    page.goto(f"{first.url}/konto/logga-in/")
    submit_login(page, data["prescriber"].username)
    expect(heading(page, "Startsida")).to_be_visible()

    # Logged in on the first, known to the second; the care relationship
    # confirmed here lasts for the session, wherever its next request goes.
    page.goto(f"{second.url}/hjalpmedel/{data['person'].pk}/")
    confirm_care_relationship(page, "Ny patient – förskrivning")
    expect(heading(page, "Hjälpmedel")).to_be_visible()
    page.get_by_role("button", name="Beställ", exact=True).click()
    expect(heading(page, "Orderrader")).to_be_visible()

    on(page, first)
    expect(heading(page, "Orderrader")).to_be_visible()
    page.get_by_label("Artikelnummer").fill("17940")
    page.get_by_label("Artikelnummer").press("Enter")
    lines = page.get_by_role("table", name="Orderrader på beställningen")
    expect(lines.get_by_role("row", name=re.compile("17940"))).to_be_visible()
    page.get_by_role("button", name="Fortsätt").click()
    expect(heading(page, "Leverans")).to_be_visible()

    on(page, second)
    expect(heading(page, "Leverans")).to_be_visible()
    page.get_by_role("region", name="Leveransadress").get_by_label("Telefon").fill(
        "070-111 22 33"
    )
    page.get_by_role("region", name="Bifoga fil").get_by_label(
        "Bifoga fil"
    ).set_input_files(
        {"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}
    )
    page.get_by_role("button", name="Verkställ").click()
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    assert page.url.startswith(second.url)
    lead = page.get_by_role("main").get_by_text(
        "Din beställning är registrerad och har ordernummer"
    )
    number = re.search(r"\b(\d{8})\b", lead.inner_text()).group(1)

    on(page, first)
    expect(heading(page, "Orderbekräftelse")).to_be_visible()
    assert_accessible(page)
    pdf = page.request.get(
        first.url + page.get_by_role("link", name="Öppna som PDF").get_attribute("href")
    )
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert number in pdf_text(pdf.body())
    # The file the second server stored, served by the first.
    page.goto(f"{first.url}/kundorder/{urlsplit(page.url).path.split('/')[2]}/")
    attached = page.get_by_role("link", name="intyg.pdf")
    assert page.request.get(first.url + attached.get_attribute("href")).body() == (
        SMALL_PDF
    )

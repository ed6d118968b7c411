"""Log lines carry no personnummer and cannot be forged (issue 10, point 6),
whichever logger writes them: the filter sits on the configured handlers."""

import logging
from io import StringIO

import pytest

from core.logging import SafeLogFilter, clean, mask_personnummer
from tests.accounts.helpers import log_in

PERSONNUMMER_FORMS = [
    "19121212-1212",
    "191212121212",
    "121212-1212",
    "1212121212",
    "121212+1212",
    "19121212 1212",
    "19121212+1212",
    "121212 1212",
    "20050101-1234",
    # Samordningsnummer: day + 60.
    "19121272-1215",
    "191212721215",
    "121272-1215",
    "1212721215",
]


@pytest.mark.parametrize("personnummer", PERSONNUMMER_FORMS)
def test_it_masks_every_written_form_of_a_personnummer_inside_text(personnummer):
    text = f"login failed user={personnummer} ip=10.0.0.1 (sökte {personnummer}.)"

    assert mask_personnummer(text) == (
        "login failed user=[personnummer] ip=10.0.0.1 (sökte [personnummer].)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "kundorder 26140017 levererad",  # order number, YYWWnnnn
        "ring 070-123 45 67 eller 090-12 34 56",
        "artikel 123456, individ 2001-00045",
        "GET /kundorder/3f2b6c1e-52a4-4b1e-9d7a-0c2e8f1a9b3d/ 200 5123",
        "id=12345678901234",  # longer than any personnummer
        "191213121212",  # month 13 is no date
    ],
)
def test_it_leaves_other_numbers_readable(text):
    assert mask_personnummer(text) == text


def test_it_escapes_control_characters_like_repr():
    assert clean("a\r\nb\tc\x00d\x1be\u2028f\x85g") == (
        r"a\r\nb\tc\x00d\x1be\u2028f\x85g"
    )


def _record(msg, *args, exc_info=None):
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, exc_info)


def test_the_filter_cleans_the_arguments_as_well_as_the_message():
    record = _record("login failed user=%s ip=%s", "x\nINFO forged 1212121212", "::1")

    assert SafeLogFilter().filter(record)

    assert record.getMessage() == (
        r"login failed user=x\nINFO forged [personnummer] ip=::1"
    )


def test_the_filter_masks_the_traceback_but_keeps_its_lines():
    try:
        raise ValueError("no person 19121212-1212\rX")
    except ValueError as error:
        record = _record("failed", exc_info=(ValueError, error, error.__traceback__))

    SafeLogFilter().filter(record)

    assert record.exc_text.startswith("Traceback (most recent call last):\n")
    assert "ValueError: no person [personnummer]\\rX" in record.exc_text
    assert "1212" not in logging.Formatter().format(record)


@pytest.mark.parametrize(
    "name",
    [
        "websesam.login",
        "accounts.services",
        "django.request",
        "django.server",
        "django.security.csrf",
        "axes",
        "gunicorn.error",
        "gunicorn.access",
    ],
)
def test_every_handler_a_logger_writes_to_has_the_filter(name):
    logger = logging.getLogger(name)
    handlers = []
    while logger:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    # Handlers pytest adds to capture logs are not part of the configuration.
    handlers = [h for h in handlers if "_pytest" not in type(h).__module__]

    assert handlers
    for handler in handlers:
        assert any(isinstance(f, SafeLogFilter) for f in handler.filters), handler


@pytest.fixture
def console():
    """What the configured console handler writes."""
    (handler,) = [
        h for h in logging.getLogger().handlers if "_pytest" not in type(h).__module__
    ]
    stream = StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_username_typed_at_login_neither_forges_a_line_nor_lands_as_a_personnummer(
    client, console
):
    forged = "x\r\n2026-01-01 12:00:00,000 INFO websesam.login login ok user=admin"

    log_in(client, forged)
    log_in(client, "19121212-1212")

    lines = console.getvalue().splitlines()
    failures = [line for line in lines if "login failed" in line]
    assert len(failures) == 2
    assert r"user=x\r\n2026-01-01 12:00:00,000 INFO" in failures[0]
    assert "user=[personnummer] ip=" in failures[1]
    assert not any("login ok" in line and "failed" not in line for line in lines)
    assert "1212-1212" not in console.getvalue()


def test_weasyprint_says_only_what_went_wrong(console):
    # At INFO it writes a line per font and stylesheet of every PDF.
    logger = logging.getLogger("weasyprint")

    logger.info("Step 4 - Creating layout - Page 1")
    logger.warning("Ignored `gap: 1em` at 3:5, unknown property.")

    assert logger.getEffectiveLevel() == logging.WARNING
    assert console.getvalue().count("weasyprint") == 1
    assert "Ignored" in console.getvalue()

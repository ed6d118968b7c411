"""LOG_FORMAT=json: one JSON object a line, a line per request with its id,
the user's id, the path without query, status, duration and view, and
every other record of the request with the same id. The personnummer mask
applies as to the plain lines."""

import json
import logging
import logging.config
import runpy
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.logging import SafeLogFilter

from ..accounts.helpers import log_in

SETTINGS = settings.BASE_DIR / "websesam" / "settings.py"


@pytest.fixture
def json_logs(monkeypatch):
    """The logging of the settings as read with LOG_FORMAT=json, writing
    to a string; the test settings' logging again afterwards."""
    monkeypatch.setenv("LOG_FORMAT", "json")
    logging.config.dictConfig(runpy.run_path(str(SETTINGS))["LOGGING"])
    handler = _console()
    stream = StringIO()
    handler.setStream(stream)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logging.config.dictConfig(settings.LOGGING)


def _console():
    # Handlers pytest adds to capture logs are not part of the configuration.
    (handler,) = [
        h for h in logging.getLogger().handlers if "_pytest" not in type(h).__module__
    ]
    return handler


def _requests(lines):
    return [line for line in lines if line["logger"] == "websesam.request"]


@pytest.mark.django_db
def test_a_request_is_one_line_with_id_user_id_and_no_query(client, staff, json_logs):
    client.force_login(staff)

    response = client.get("/?sok=Karin+Berg", headers={"X-Request-ID": "lb-7f3a.42:1"})

    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a.42:1"
    (line,) = _requests(json_logs())
    duration = line.pop("duration_ms")
    assert isinstance(duration, float) and duration >= 0
    assert line.pop("time").endswith("+00:00")
    assert line == {
        "level": "INFO",
        "logger": "websesam.request",
        "message": "GET / 200",
        "request_id": "lb-7f3a.42:1",
        "method": "GET",
        "path": "/",
        "status": 200,
        "view": "start",
        "user_id": staff.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given", [None, "", "two words", "x" * 129, "id\nINFO forged", "åäö"]
)
def test_without_a_sane_id_from_the_proxy_the_request_gets_one(
    client, json_logs, given
):
    headers = {"X-Request-ID": given} if given is not None else {}

    response = client.get("/konto/logga-in/", headers=headers)

    generated = response["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    (line,) = _requests(json_logs())
    assert line["request_id"] == generated
    assert line["user_id"] is None
    assert line["view"] == "login"


@pytest.mark.django_db
def test_the_records_of_a_request_carry_its_id_and_no_personnummer(client, json_logs):
    response = log_in(client, "19121212-1212", headers={"X-Request-ID": "req-1"})
    client.get("/personer/191212121212/")

    lines = json_logs()
    (failed,) = [line for line in lines if "login failed" in line["message"]]
    assert failed["request_id"] == "req-1" == response["X-Request-ID"]
    assert failed["logger"] == "websesam.login"
    assert "user=[personnummer]" in failed["message"]
    assert _requests(lines)[-1]["path"] == "/personer/[personnummer]/"
    assert _requests(lines)[-1]["status"] == 404
    output = json.dumps(lines)
    assert "1212-1212" not in output and "191212121212" not in output


def test_a_record_outside_a_request_has_no_id_and_a_masked_traceback(json_logs):
    try:
        raise ValueError("person 19121212-1212")
    except ValueError:
        logging.getLogger("websesam.jobs").exception("job failed for %s", "121212-1212")

    (line,) = json_logs()
    assert "request_id" not in line
    assert line["level"] == "ERROR"
    assert line["message"] == "job failed for [personnummer]"
    assert line["exception"].startswith("Traceback (most recent call last):\n")
    assert line["exception"].endswith("ValueError: person [personnummer]")


def test_the_json_handler_has_the_masking_filter(json_logs):
    handler = _console()

    assert type(handler.formatter).__name__ == "JsonFormatter"
    assert any(isinstance(f, SafeLogFilter) for f in handler.filters)


def test_probes_are_not_logged_at_info(client, db, json_logs):
    client.get("/healthz")
    client.get("/readyz")

    assert _requests(json_logs()) == []


def test_the_plain_format_has_no_request_lines():
    # The default: gunicorn's access log has the requests.
    assert not logging.getLogger("websesam.request").isEnabledFor(logging.INFO)
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "plain"


def test_an_unknown_log_format_is_refused(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        runpy.run_path(str(SETTINGS))

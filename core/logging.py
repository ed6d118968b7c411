"""What a log line may contain: no personnummer and no forged lines.

Installed on every handler in settings.LOGGING, so Django's, gunicorn's and
our own loggers all pass through it, whatever a user typed into a field or
a URL."""

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

# A personnummer or samordningsnummer (day + 60) in any of its written forms:
# 12 or 10 digits, the last four after an optional '-', '+' or space. Not part
# of a longer run of digits, so order numbers (8 digits), ids and phone
# numbers written in groups (070-123 45 67) stay readable. A typing error in
# the check digit still identifies the person, so the check digit is not tested.
PERSONNUMMER = re.compile(
    r"(?<!\d)"
    r"(?:(?:19|20)\d{2}|\d{2})"  # year, with or without the century
    r"(?:0[1-9]|1[0-2])"  # month
    r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # day, or day + 60
    r"[-+ ]?\d{4}"
    r"(?!\d)"
)
MASK = "[personnummer]"

# C0 and C1 control characters and the Unicode line and paragraph separators:
# anything a log reader could take for the end of a line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Tracebacks are several lines by nature; only their other control
# characters are escaped.
CONTROL_EXCEPT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def mask_personnummer(text):
    return PERSONNUMMER.sub(MASK, text)


def _escape(match):
    # repr's own escapes: \r, \n, \t, \x00, \u2028.
    return repr(match.group())[1:-1]


def clean(text, control=CONTROL):
    return mask_personnummer(control.sub(_escape, text))


class SafeLogFilter(logging.Filter):
    """Formats the record's message with its arguments, escapes control
    characters and masks personnummer in it, and in the traceback."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # Arguments that do not fit the format: keep both, as text.
            message = f"{record.msg} {record.args!r}"
        record.msg = clean(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean(record.exc_text, CONTROL_EXCEPT_NEWLINE)
        if record.stack_info:
            record.stack_info = clean(record.stack_info, CONTROL_EXCEPT_NEWLINE)
        return True


# The id of the request being answered (core.request_log), for every record
# logged while it is.
REQUEST_ID = ContextVar("request_id", default=None)

# What core.request_log adds to its one line per request.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "view", "user_id")


class JsonFormatter(logging.Formatter):
    """One JSON object a line (LOG_FORMAT=json). SafeLogFilter has cleaned
    the message and the traceback already; the request's fields and id are
    masked here, as a path may carry a personnummer too."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := REQUEST_ID.get():
            entry["request_id"] = clean(request_id)
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                value = getattr(record, field)
                entry[field] = clean(value) if isinstance(value, str) else value
        if record.exc_info and not record.exc_text:
            record.exc_text = clean(
                self.formatException(record.exc_info), CONTROL_EXCEPT_NEWLINE
            )
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)

"""Helpers for the rows of long lists. A recipient's aids, the CFR hits and
the aids to pick up compute each row's values once in Python and the
template's partial only places them: per-row URL reversals, translations,
filters and Django's own escaping made most of these pages' time. Article
lists still build their rows in catalog's article_rows tag: as a partial the
search page's p95 grew by more than 10 % (issue 11's bench figures)."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString


def url_maker(name, *args, placeholder="0"):
    """value -> reverse(name, args=[*args, value]), reversed once for a whole
    list, safe in HTML. `placeholder` must match the URL's converter; values
    must need no quoting (digits, UUIDs) or be quoted by the caller, which
    leaves nothing to escape in them either."""
    url = escape(reverse(name, args=[*args, placeholder]))
    prefix, suffix = url.rsplit(placeholder, 1)
    return lambda value: SafeString(f"{prefix}{value}{suffix}")


def escaped(value):
    """`value` as text escaped here, which the template's autoescaping passes
    through as it is: the standard library's escape() costs a fraction of
    Django's lazy-aware one, paid for every value of every row."""
    return SafeString(escape(str(value)))


def iso_date(day):
    """A date as the lists show it (YYYY-MM-DD), empty for none."""
    return SafeString(day.isoformat() if day else "")

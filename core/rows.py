"""Helpers for the table rows that long lists build in Python instead of
templates (article lists, a recipient's aids, CFR hits)."""

from django.urls import reverse


def url_maker(name, *args, placeholder="0"):
    """value -> reverse(name, args=[*args, value]), reversed once for a whole
    list. `placeholder` must match the URL's converter; values must need no
    quoting (digits, UUIDs) or be quoted by the caller."""
    prefix, suffix = reverse(name, args=[*args, placeholder]).rsplit(placeholder, 1)
    return lambda value: f"{prefix}{value}{suffix}"

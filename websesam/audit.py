"""Audit trail: every insert, update and delete of a tracked model is stored
by database triggers (django-pghistory), with the user and URL of the request."""

import pghistory


def audited(**options):
    """Class decorator that records who changed what, before and after."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        append_only=True,
        **options,
    )

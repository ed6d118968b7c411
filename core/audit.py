"""Audit trail: every insert, update and delete of a tracked model is stored
by database triggers (django-pghistory), with the user and URL of the request."""

from itertools import batched

import pghistory
import pgtrigger
from django.db import connection
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def audited(**options):
    """Class decorator that records who changed what, before and after. The
    event model is named after the model, in Swedish, for the admin."""

    def track(model):
        name = model._meta.verbose_name
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            append_only=True,
            meta={
                "verbose_name": format_lazy("{} – {}", name, _("händelse")),
                "verbose_name_plural": format_lazy("{} – {}", name, _("händelser")),
            },
            **options,
        )(model)

    return track


def bulk_insert(model, fields, rows, *, batch_size=2000):
    """Insert many rows of an audited model, for imports and generated data.
    `rows` are tuples of values for the `fields` (attnames); other fields
    take their defaults. Returns the new primary keys in order.

    No model instances and no trigger call per row: each batch is one
    INSERT from arrays, and its insert events one INSERT ... SELECT. They
    are the events the trigger writes (NOW() and the context are the
    transaction's). 100,000 holdings: ~50 s -> ~15 s."""
    meta = model._meta
    pk = meta.pk
    given = [meta.get_field(name) for name in fields]
    defaults = [
        field
        for field in meta.concrete_fields
        if field not in given
        and not field.generated
        and not (field is pk and field.db_returning)
    ]
    columns = given + defaults
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in columns)
    insert = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608 - quoted names
        f"SELECT * FROM UNNEST({arrays}) RETURNING {quote(pk.column)}"
    )
    event_model = model.pgh_event_model
    tracked = ", ".join(
        quote(field.column)
        for field in event_model._meta.concrete_fields
        if not field.name.startswith("pgh_")
    )
    insert_events = (
        f"INSERT INTO {quote(event_model._meta.db_table)} "  # noqa: S608 - quoted names
        f"({tracked}, pgh_obj_id, pgh_label, pgh_created_at, pgh_context_id) "
        f"SELECT {tracked}, {quote(pk.column)}, 'insert', NOW(), "
        "(SELECT _pgh_attach_context()) "
        f"FROM {quote(meta.db_table)} WHERE {quote(pk.column)} = ANY(%s)"
    )
    trigger = f"{meta.label}:insert_insert"
    pks = []
    for batch in batched(rows, batch_size):
        values = [list(column) for column in zip(*batch, strict=True)] + [
            [field.get_default() for _ in batch] for field in defaults
        ]
        with pgtrigger.ignore(trigger), connection.cursor() as cursor:
            cursor.execute(insert, values)
            new = [pk for (pk,) in cursor.fetchall()]
        with connection.cursor() as cursor:
            cursor.execute(insert_events, [new])
        pks += new
    return pks

"""Importers: one class per kind of file, validating every row before it
writes any (see the package's docstring)."""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .columns import Ref
from .rows import RowError, Status


class Importer:
    """One kind of file. Subclasses declare `kind`, `label`, `model` (whose
    add/change permissions an admin user needs), `columns` and `key` (a column
    or a tuple of columns unique in the file), and implement `write`."""

    kind = ""
    label = ""
    order = 100
    model = None
    columns = {}
    key = ()

    def __init__(self, file_name, user=None):
        self.file_name = file_name
        self.user = user
        self.errors = []
        self.also_created = Counter()

    def error(self, row, column, message):
        self.errors.append(RowError(row.line, column, str(message)))
        if column:
            row.values.pop(column, None)

    def key_columns(self):
        return (self.key,) if isinstance(self.key, str) else self.key

    def validate(self, rows):
        """Check every row; errors go to `self.errors`."""
        for row in rows:
            for name, column in self.columns.items():
                if name not in row.cells:
                    continue  # an optional column left out of the file
                try:
                    row.values[name] = column.parse(row.cells[name])
                except ValidationError as error:
                    self.error(row, name, " ".join(error.messages))
        self.check_duplicates(rows)
        self.resolve_references(rows)

    def check_duplicates(self, rows):
        columns = self.key_columns()
        seen = {}
        for row in rows:
            key = tuple(row.cells[name] for name in columns)
            if "" in key:
                continue
            if key in seen:
                self.error(
                    row,
                    columns[-1],
                    _("%(key)s finns redan på rad %(line)d")
                    % {"key": " ".join(key), "line": seen[key]},
                )
            else:
                seen[key] = row.line

    def resolve_references(self, rows):
        for name, column in self.columns.items():
            if not isinstance(column, Ref):
                continue
            given = [row for row in rows if row.values.get(name)]
            keys = {
                key
                for row in given
                for key in (row.values[name] if column.many else [row.values[name]])
            }
            found = column.lookup(keys)
            for row in given:
                keys = row.values[name] if column.many else [row.values[name]]
                missing = [key for key in keys if key not in found]
                if missing:
                    self.error(
                        row, name, column.message % {"value": ", ".join(missing)}
                    )
                elif column.many:
                    row.values[name] = [found[key] for key in keys]
                else:
                    row.values[name] = found[keys[0]]

    def write(self, rows):
        """Store valid rows; set each row's status."""
        raise NotImplementedError


class ModelImporter(Importer):
    """Upserts one model by a unique field: the columns named like a concrete
    field (or with `field=`) are stored; the model's own field validation
    applies. Subclasses store the other columns in `write_related`."""

    def model_fields(self):
        concrete = {f.name: f for f in self.model._meta.concrete_fields}
        return {
            name: concrete[column.field or name]
            for name, column in self.columns.items()
            if (column.field or name) in concrete
        }

    def validate(self, rows):
        super().validate(rows)
        fields = self.model_fields()
        column_of = {f.name: name for name, f in fields.items()}
        key_field = fields[self.key].name
        existing = self.model._default_manager.in_bulk(
            {row.values[self.key] for row in rows if row.values.get(self.key)},
            field_name=key_field,
        )
        # Relations are checked by Ref; clean_fields would query for each.
        exclude = [
            f.name
            for f in self.model._meta.concrete_fields
            if f.name not in column_of or f.is_relation
        ]
        for row in rows:
            row.obj = existing.get(row.values.get(self.key)) or self.model()
            row.status = Status.CREATED if row.obj._state.adding else Status.UNCHANGED
            given = {name: f for name, f in fields.items() if name in row.values}
            for name, model_field in given.items():
                self.set_field(row, model_field, row.values[name])
            if row.status == Status.UNCHANGED:
                continue  # what the database holds already passed these checks
            try:
                row.obj.clean_fields(
                    exclude=exclude
                    + [f.name for name, f in fields.items() if name not in given]
                )
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    self.error(row, column_of[field_name], " ".join(messages))
        self.check(rows)

    def set_field(self, row, model_field, value):
        if value is None:
            value = model_field.get_default()
        # An object the file creates has no key yet: it is always a change.
        new_object = isinstance(value, models.Model) and value._state.adding
        if new_object or getattr(row.obj, model_field.attname) != getattr(
            value, "pk", value
        ):
            setattr(row.obj, model_field.name, value)
            row.changed.add(model_field.name)
            if row.status == Status.UNCHANGED:
                row.status = Status.UPDATED

    def check(self, rows):
        """Checks across rows or against the database, for subclasses."""

    def write(self, rows):
        self.create([row for row in rows if row.status == Status.CREATED])
        updated = [row for row in rows if row.status == Status.UPDATED]
        # Only the changed columns, in small batches: bulk_update's CASE per
        # column grows with the batch.
        if updated:
            self.model._default_manager.bulk_update(
                [row.obj for row in updated],
                set().union(*(row.changed for row in updated)),
                batch_size=200,
            )
        self.write_related(rows)

    def create(self, rows):
        self.model._default_manager.bulk_create(
            [row.obj for row in rows], batch_size=1000
        )

    def write_related(self, rows):
        """Store what is not a field of the model; mark rows it changes."""


def replace_related(model, parent_field, fields, wanted):
    """Make the `model` rows of each parent exactly `wanted[parent_id]` (a
    collection of tuples of `fields`). Return the ids of the parents whose
    rows changed."""
    parent_attname = model._meta.get_field(parent_field).attname
    current = defaultdict(set)
    for parent_id, *values in model._default_manager.filter(
        **{f"{parent_attname}__in": list(wanted)}
    ).values_list(parent_attname, *fields):
        current[parent_id].add(tuple(values))
    changed = [pk for pk, rows in wanted.items() if set(rows) != current[pk]]
    model._default_manager.filter(**{f"{parent_attname}__in": changed}).delete()
    model._default_manager.bulk_create(
        [
            model(**{parent_attname: pk}, **dict(zip(fields, values, strict=True)))
            for pk in changed
            for values in wanted[pk]
        ],
        batch_size=1000,
    )
    return set(changed)

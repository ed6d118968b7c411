"""CSV imports (DATA-FORMATS.md): the file format, the registry of importers
and the run. Each app declares its importers in `<app>/importers.py`.

A run reads the whole file, validates every row and collects every error
before it writes anything; the writing is one transaction, so a file is
imported whole or not at all.

A kind is one class in the app that owns the data:

    @register
    class PayerImporter(ModelImporter):
        kind, label, order = "payers", _("Betalare"), 10
        model, key = Payer, "betalarid"
        columns = {"betalarid": Text(), "name": Text()}

A ModelImporter upserts its model by `key`: columns named like a model field
(or given `field=`) are stored and checked by the field's own validation;
`Ref` columns are looked up for the whole file in one query. An `optional`
column may be left out of the header; then the rows keep what is stored.
Override `check` for rules across rows and `write_related` for columns that
are not fields. An Importer that changes data through a service implements
`write` instead (warehouse/importers.py)."""

import csv
import enum
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_registry = {}


def register(importer):
    """Class decorator: make an importer reachable by its `kind`."""
    _registry[importer.kind] = importer
    return importer


def importers():
    """The registered importers by kind, in the documented load order."""
    autodiscover_modules("importers")
    return dict(sorted(_registry.items(), key=lambda item: item[1].order))


class Status(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: str

    def format(self, file_name):
        if self.column:
            return f"{file_name}:{self.line}: {self.column}: {self.message}"
        return f"{file_name}:{self.line}: {self.message}"


@dataclass
class Row:
    line: int
    cells: dict
    # Parsed values of the cells that are valid so far; a column with an
    # error is removed, so later checks skip it.
    values: dict = field(default_factory=dict)
    status: Status | None = None
    obj: object = None
    changed: set = field(default_factory=set)


@dataclass
class Report:
    kind: str
    file_name: str
    dry_run: bool
    counts: Counter = field(default_factory=Counter)
    # Objects of other models the file created on the way, by model.
    also_created: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def error_lines(self):
        return [error.format(self.file_name) for error in self.errors]

    def summary(self):
        parts = [
            _("%(created)d skapade, %(updated)d ändrade, %(unchanged)d oförändrade")
            % {status.name.lower(): self.counts[status] for status in Status}
        ]
        for model, count in self.also_created.items():
            opts = model._meta
            name = opts.verbose_name if count == 1 else opts.verbose_name_plural
            parts.append(
                ngettext(
                    "%(count)d %(name)s skapad",
                    "%(count)d %(name)s skapade",
                    count,
                )
                % {"count": count, "name": name}
            )
        return ", ".join(parts)


# Columns: how one cell becomes a value. An empty cell is no value (None).


class Column:
    def __init__(self, *, field=None, required=False, optional=False):
        self.field = field
        self.required = required
        self.optional = optional

    def parse(self, text):
        if text == "":
            if self.required:
                raise ValidationError(_("värde saknas"))
            return None
        return self.to_python(text)

    def to_python(self, text):
        return text


class Text(Column):
    pass


class Integer(Column):
    def __init__(self, *, min_value=None, max_value=2**31 - 1, **kwargs):
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def to_python(self, text):
        try:
            value = int(text)
        except ValueError:
            raise ValidationError(
                _("%(value)s är inte ett heltal") % {"value": text}
            ) from None
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("%(value)s är mindre än %(min)d")
                % {"value": text, "min": self.min_value}
            )
        if value > self.max_value:
            raise ValidationError(
                _("%(value)s är större än %(max)d")
                % {"value": text, "max": self.max_value}
            )
        return value


class Boolean(Column):
    def to_python(self, text):
        if text not in ("1", "0"):
            raise ValidationError(_("ange 1 eller 0, inte %(value)s") % {"value": text})
        return text == "1"


class Date(Column):
    def to_python(self, text):
        try:
            if len(text) != 10:
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                _("%(value)s är inte ett datum ÅÅÅÅ-MM-DD") % {"value": text}
            ) from None


class Choice(Column):
    """A word from a fixed list (TextChoices): the stored value or the label
    users see, in any case; the stored value is returned. Files come from
    other systems, which write "Huvudhjälpmedel" or "TILLBEHÖR"."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def to_python(self, text):
        word = text.strip().casefold()
        for value, label in self.choices.choices:
            if word in (value.casefold(), str(label).casefold()):
                return value
        raise ValidationError(
            _("%(value)s är inte tillåtet (%(allowed)s)")
            % {
                "value": text,
                "allowed": ", ".join(str(label) for label in self.choices.labels),
            }
        )


class List(Column):
    """Values separated by `|`, each at most once."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def parse(self, text):
        return super().parse(text) or []

    def to_python(self, text):
        items = [item.strip() for item in text.split("|")]
        for i, item in enumerate(items):
            if not item:
                raise ValidationError(_("tomt värde i listan"))
            if item in items[:i]:
                raise ValidationError(_("%(value)s står två gånger") % {"value": item})
            if self.max_length and len(item) > self.max_length:
                raise ValidationError(
                    _("%(value)s är längre än %(max)d tecken")
                    % {"value": item, "max": self.max_length}
                )
        return items


class Ref(Column):
    """The key of an existing object (`many`: a list of keys), resolved for
    the whole file with one query."""

    def __init__(self, model, to_field, message, *, many=False, **kwargs):
        super().__init__(**kwargs)
        self.model = model
        self.to_field = to_field
        self.message = message
        self.many = many
        self.list = List() if many else None

    def parse(self, text):
        return self.list.parse(text) if self.many else super().parse(text)

    def lookup(self, keys):
        return self.model._default_manager.only(self.to_field).in_bulk(
            keys, field_name=self.to_field
        )


# Importers


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


# Reading a file


def read_rows(data, columns):
    """Rows of a CSV file as bytes, or the errors that make it unreadable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return [], [RowError(line, None, _("filen är inte sparad som UTF-8"))]
    if not text.strip():
        return [], [RowError(1, None, _("filen är tom"))]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        errors = check_header(header, columns)
        if errors:
            return [], errors
        rows = []
        line = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) == len(header):
                    cells = (cell.strip() for cell in record)
                    rows.append(Row(line, dict(zip(header, cells, strict=True))))
                else:
                    message = _("raden har %(found)d fält, rubriken %(expected)d") % {
                        "found": len(record),
                        "expected": len(header),
                    }
                    errors.append(RowError(line, None, message))
            line = reader.line_num + 1
    except csv.Error as error:
        return [], [RowError(reader.line_num, None, str(error))]
    if not rows and not errors:
        errors.append(RowError(1, None, _("filen har inga rader efter rubriken")))
    return rows, errors


def check_header(header, columns):
    if len(header) == 1 and any(sep in header[0] for sep in ",\t"):
        return [RowError(1, None, _("kolumnerna ska skiljas åt med semikolon (;)"))]
    errors = [
        RowError(1, None, _("kolumn %(number)d saknar rubrik") % {"number": number})
        for number, name in enumerate(header, start=1)
        if not name
    ]
    errors += [
        RowError(1, name, _("okänd kolumn"))
        for name in header
        if name and name not in columns
    ]
    errors += [
        RowError(1, name, _("kolumnen står två gånger"))
        for name in sorted({name for name in header if name and header.count(name) > 1})
    ]
    errors += [
        RowError(1, name, _("kolumnen saknas"))
        for name, column in columns.items()
        if name not in header and not column.optional
    ]
    return errors


def run_import(kind, file_name, data, *, dry_run=False, user=None):
    """Validate and, unless `dry_run` or any row is bad, store a file. A dry
    run writes in a transaction that is rolled back, so its counts are real."""
    importer = importers()[kind](file_name, user=user)
    report = Report(kind, file_name, dry_run)
    rows, report.errors = read_rows(data, importer.columns)
    if report.errors:
        return report
    with (
        transaction.atomic(),
        pghistory.context(import_kind=kind, import_file=file_name),
    ):
        with connection.cursor() as cursor:
            # Two imports of one kind at once (the nightly job and an upload
            # in the admin) would both create the same new keys.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"import_csv {kind}"]
            )
        importer.validate(rows)
        if importer.errors:
            report.errors = sorted(importer.errors, key=lambda error: error.line)
            return report
        # Deferred foreign-key checks queue up per row until commit, and each
        # audit-trigger insert walks that queue: checking per statement keeps
        # a large file linear.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        importer.write(rows)
        report.counts = Counter(row.status for row in rows)
        report.also_created = importer.also_created
        if dry_run:
            transaction.set_rollback(True)
    return report


def error_count_message(count):
    return _("%(count)d fel – inget har ändrats.") % {"count": count}

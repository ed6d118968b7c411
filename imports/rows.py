"""A file's rows as an import sees them, their errors and the report of a
run."""

import enum
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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


def error_count_message(count):
    return _("%(count)d fel – inget har ändrats.") % {"count": count}

"""Reading a file: UTF-8, semicolons, a header naming the columns."""

import csv
import io

from django.utils.translation import gettext as _

from .rows import Row, RowError


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

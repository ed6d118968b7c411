"""Imports of the population register and of held aids (DATA-FORMATS.md).

Error messages never repeat a personnummer: the report is shown on a page
and printed to logs; the line number identifies the row."""

# Imported for their @register: the import registry imports only this.
from . import holdings, persons  # noqa: F401

"""The population register (DATA-FORMATS.md: persons)."""

from django.utils.translation import gettext_lazy as _

from core import audit
from imports.columns import Boolean, Date, Text
from imports.importer import ModelImporter
from imports.registry import register

from ..models import Person
from .columns import BATCH_SIZE, Personnummer


@register
class PersonImporter(ModelImporter):
    """Protected identity (`1`: skyddad identitet or sekretessmarkering) is
    set or cleared when the file has the column and kept as stored when not."""

    kind = "persons"
    label = _("Personer")
    order = 60
    model = Person
    key = "personnummer"
    columns = {
        "personnummer": Personnummer(required=True),
        "first_name": Text(),
        "last_name": Text(),
        "street": Text(),
        "postal_code": Text(),
        "city": Text(),
        "phone": Text(),
        "deceased_on": Date(),
        "protected_identity": Boolean(optional=True),
    }

    def check_duplicates(self, rows):
        seen = {}
        for row in rows:
            number = row.cells["personnummer"]
            if number in seen:
                self.error(
                    row,
                    "personnummer",
                    _("personnumret finns redan på rad %(line)d")
                    % {"line": seen[number]},
                )
            elif number:
                seen[number] = row.line

    def create(self, rows):
        fields = [f.attname for f in Person._meta.concrete_fields if not f.generated]
        audit.bulk_insert(
            Person,
            fields,
            [tuple(getattr(row.obj, name) for name in fields) for row in rows],
            batch_size=BATCH_SIZE,
        )

"""Columns: how one cell of a file becomes a value. An empty cell is no
value (None)."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


class OrgNumber(Text):
    """Written with or without the hyphen (556036-0793), stored as 10 digits;
    the model checks the digits."""

    def to_python(self, text):
        return text.replace("-", "")


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


class Amount(Column):
    """A decimal number, with `,` (Swedish) or `.` before the decimals and no
    thousands separator: 1250, 1250,50, 1250.5. The range and the number of
    decimals are the model field's to check."""

    pattern = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?\Z")

    def to_python(self, text):
        if not self.pattern.match(text):
            raise ValidationError(
                _("%(value)s är inte ett tal (skriv t.ex. 1250,50)") % {"value": text}
            )
        return Decimal(text.replace(",", "."))


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

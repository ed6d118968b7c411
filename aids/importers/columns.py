"""The columns and the reading helpers the aids importers share."""

from itertools import batched

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import Article
from core.validators import validate_personnummer
from imports.columns import Column, Ref, Text

from ..models import Individual

BATCH_SIZE = 2000
INDIVIDUAL_NO_LENGTH = Individual._meta.get_field("individual_no").max_length


class Personnummer(Column):
    """12 digits, a date that exists and a valid check digit."""

    def to_python(self, text):
        validate_personnummer(text)
        return text


class Recipient(Column):
    """A patient's personnummer or a care unit's 5-digit kundid, as
    ("person", personnummer) or ("care_unit", kundid)."""

    def to_python(self, text):
        if len(text) == 5 and text.isdigit():
            return "care_unit", text
        if len(text) != 12 or not text.isdigit():
            raise ValidationError(
                _("ange ett personnummer med 12 siffror eller ett kundid med 5 siffror")
            )
        validate_personnummer(text)
        return "person", text


class IndividualNumber(Text):
    def to_python(self, text):
        if len(text) > INDIVIDUAL_NO_LENGTH:
            raise ValidationError(
                _("%(value)s är längre än %(max)d tecken")
                % {"value": text, "max": INDIVIDUAL_NO_LENGTH}
            )
        return text


class ArticleRef(Ref):
    """Also loads whether the article is individually marked."""

    def lookup(self, keys):
        return Article.objects.only("article_no", "individually_marked").in_bulk(
            keys, field_name="article_no"
        )


def in_chunks(queryset, field, values, size=10_000):
    """`queryset` filtered on `field__in` `values`, a chunk at a time, so a
    region's file does not become one statement with 100,000 parameters."""
    values = list(values)
    for chunk in batched(values, size):
        yield from queryset.filter(**{f"{field}__in": chunk})

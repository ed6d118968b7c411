"""What the searches share (Sök artikel, CFR, Kundorder, Sök hämtorder,
Arbetsorder): optional criteria of which at least one is given, word search
on stored accent-free columns, and a hit list capped at a number of rows."""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SearchText(Func):
    """Lower-cased, accent-free text (immutable_unaccent is created by the
    catalog migrations so that the expression can be indexed)."""

    function = "immutable_unaccent"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(Lower(expression))


# Enough for any real name, number or address; longer input is a mistake.
MAX_CRITERION_LENGTH = 100


def containing_words(queryset, field, text):
    """Rows whose search column `field` contains every word of `text`, in any
    order: both sides lower-cased and unaccented in SQL, as the trigram
    indexes on those columns are."""
    for word in text.split():
        queryset = queryset.filter(**{f"{field}__contains": SearchText(Value(word))})
    return queryset


class CriteriaForm(forms.Form):
    """Every criterion optional, all given ones must match, at least one given."""

    CRITERIA = []

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not any(cleaned_data.get(f) for f in self.CRITERIA):
            raise forms.ValidationError(
                _("Ange minst ett sökvillkor."), code="no_criteria"
            )
        return cleaned_data


@dataclass(frozen=True)
class Capped:
    """At most `limit` rows of a search, and whether there were more."""

    hits: list
    too_many: bool
    limit: int


def capped(queryset, limit):
    """The first `limit` rows of `queryset` in one query: one more is
    fetched to know that there are more."""
    found = list(queryset[: limit + 1])
    return Capped(found[:limit], len(found) > limit, limit)

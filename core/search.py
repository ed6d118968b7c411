"""What the search forms share (Sök artikel, CFR): optional criteria of which
at least one is given, and word search on stored accent-free columns."""

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

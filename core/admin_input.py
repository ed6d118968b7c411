"""What the admin does with malformed input where Django's own admin
answers with a server error. Every ModelAdmin with a date hierarchy takes
DateHierarchyAdmin, every admin or inline with autocomplete fields
SafeAutocompleteAdmin (tests/websesam/test_admin_input.py checks them all)."""

from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError


class DateHierarchyChangeList(ChangeList):
    """Django answers a year, month or day it cannot make a date of
    (ValueError) with the changelist's "?e=1" page but lets OverflowError
    through: a number too large for a C long, or the last month or day of
    year 9999, whose end lies past the last date Python has."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class DateHierarchyAdmin:
    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's widget looks the value sent up as it is to show it again
    beside the form's error: a word where the key is a number raised
    ValueError in the query. Only values the key's field takes are looked
    up; the form field has already said the choice is invalid."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(
            name, [each for each in value if self._is_key(each)], attr
        )

    def _is_key(self, value):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        try:
            key.to_python(value)
        except ValidationError:
            return False
        return True


class SafeAutocompleteAdmin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelect(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

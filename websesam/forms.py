import uuid

from django import forms
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aids.forms import PersonLookupForm

from .imports import importers


def can_import(user, importer):
    """Importing upserts: the user needs to add and change the kind's model."""
    opts = importer.model._meta
    return user.has_perms(
        f"{opts.app_label}.{get_permission_codename(action, opts)}"
        for action in ("add", "change")
    )


def renew_token(form):
    """Give a bound form a new token (a form's token becomes the id of what
    it registers). For a token refused because it is already the id of
    something else: sent again, the form registers anew."""
    form.data = form.data.copy()
    form.data[form.add_prefix("token")] = str(uuid.uuid4())


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av fil"))
    file = forms.FileField(
        label=_("Fil"), help_text=_("UTF-8, semikolon mellan kolumnerna.")
    )
    dry_run = forms.BooleanField(
        label=_("Endast kontroll"),
        required=False,
        help_text=_("Kontrollera filen utan att spara något."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, f"{importer.label} ({kind})")
            for kind, importer in importers().items()
            if can_import(user, importer)
        ]


class AccessExtractForm(PersonLookupForm):
    """Loggutdrag for one person and a period. Posted, like every
    personnummer: it never reaches an address or a log of addresses."""

    first_day = forms.DateField(
        label=_("Från och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last_day = forms.DateField(
        label=_("Till och med"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day and first_day > last_day:
            self.add_error(
                "last_day",
                ValidationError(
                    _("Periodens slut kan inte vara före dess början."),
                    code="period",
                ),
            )
        return data

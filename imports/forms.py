from django import forms
from django.contrib.auth import get_permission_codename
from django.utils.translation import gettext_lazy as _

from .registry import importers


def can_import(user, importer):
    """Importing upserts: the user needs to add and change the kind's model."""
    opts = importer.model._meta
    return user.has_perms(
        f"{opts.app_label}.{get_permission_codename(action, opts)}"
        for action in ("add", "change")
    )


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

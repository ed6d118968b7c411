from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import ACCEPT, check_attachment


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files; each is checked on its own (type, size, content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [
            super(MultipleFileField, self).clean(file, initial)
            for file in files
            if file
        ]


class AttachmentForm(forms.Form):
    """Bifoga fil: checked files, each with its type (see `attachments`)."""

    files = MultipleFileField(label=_("Bifoga fil"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "En eller flera filer: PDF, JPEG, PNG eller Word, högst %(limit)s var."
        ) % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = []
        self.attachments = []
        for upload in files:
            try:
                self.attachments.append((upload, check_attachment(upload)))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return files

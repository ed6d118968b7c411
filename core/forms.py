"""Form fields for the identifiers every app asks for, each with its Swedish
label, help and messages written once, and Bifoga fil, the attached files
every kind of case checks the same way."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .uploads import ACCEPT, check_attachment
from .validators import normalise_personnummer, swedish_phone_number


class PersonnummerField(forms.CharField):
    """A personnummer or samordningsnummer in any usual written form (12 or
    10 digits, with or without the hyphen), cleaned to its 12 digits
    ÅÅÅÅMMDDNNNN with core.validators' messages.

    With `beginning=True` (CFR's search) the beginning of the 12-digit form
    is enough, from 4 digits, and is cleaned to those digits; a complete
    number is still normalised and checked."""

    default_error_messages = {
        "digits": _("Ange personnumret med siffror, med eller utan bindestreck."),
        "too_short": _("Ange minst 4 siffror av personnumret."),
        "too_long": _("Ett personnummer har högst 12 siffror, ÅÅÅÅMMDDNNNN."),
    }

    def __init__(self, *, beginning=False, **kwargs):
        self.beginning = beginning
        kwargs.setdefault("label", _("Personnummer"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text",
            _("Hela personnumret eller dess början, minst 4 siffror.")
            if beginning
            else _("12 siffror, ÅÅÅÅMMDDNNNN."),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        if self.beginning:
            return self._beginning(value)
        return normalise_personnummer(value)

    def _beginning(self, value):
        text = "".join(value.split())
        digits = text.replace("-", "")
        # isascii: str.isdigit also accepts "²" and other scripts' digits.
        if not (digits.isascii() and digits.isdigit()) or text.count("-") > 1:
            self._refuse("digits")
        if len(digits) < 4:
            self._refuse("too_short")
        if len(digits) > 12:
            self._refuse("too_long")
        # ÅÅMMDD-NNNN is a complete number without the century, 12 digits
        # one with it; anything else is the beginning of ÅÅÅÅMMDDNNNN.
        if len(digits) == 12 or (len(digits) == 10 and text[6:7] == "-"):
            return normalise_personnummer(text)
        return digits

    def _refuse(self, code):
        raise ValidationError(self.error_messages[code], code=code)


class PhoneField(forms.CharField):
    """A Swedish phone or mobile number that can exist, kept as typed
    (core.validators.swedish_phone_number)."""

    default_validators = [swedish_phone_number]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Telefon"))
        kwargs.setdefault("max_length", 50)
        super().__init__(**kwargs)


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

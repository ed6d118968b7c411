"""Egna mallar för eFaktura: a template's name, criteria and a value field
per segment of the payer's kodsträng (invoicing.coding)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.choices import ArticleType

from .choices import LineKind
from .coding import check_value, payer_customers

ISO_PREFIX = r"^(\d{2}|\d{4}|\d{6})$"


def segment_field_name(segment):
    return f"segment_{segment.pk}"


class CodingTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på mallen"),
        max_length=100,
        error_messages={
            "required": _("Ange ett namn på mallen."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken."),
        },
    )
    is_default = forms.BooleanField(
        label=_("Standardmall"),
        required=False,
        help_text=_(
            "Standardmallen kodar de rader som ingen annan mall passar. Den har "
            "inga villkor."
        ),
    )
    customer = forms.ModelChoiceField(
        label=_("Kund"),
        queryset=None,
        required=False,
        empty_label=_("Alla kunder"),
        error_messages={"invalid_choice": _("Välj en av kunderna i listan.")},
    )
    iso_prefix = forms.RegexField(
        label=_("ISO-klass"),
        regex=ISO_PREFIX,
        required=False,
        help_text=_(
            "Början av artikelns ISO-kod, 2, 4 eller 6 siffror: 1222 gäller alla "
            "klasser 12 22 …"
        ),
        error_messages={
            "invalid": _(
                "Ange 2, 4 eller 6 siffror utan mellanslag, till exempel 1222."
            )
        },
    )
    article_type = forms.ChoiceField(
        label=_("Artikeltyp"),
        required=False,
        choices=[("", _("Alla artikeltyper")), *ArticleType.choices],
        error_messages={"invalid_choice": _("Välj en av artikeltyperna i listan.")},
    )
    line_kind = forms.ChoiceField(
        label=_("Radtyp"),
        required=False,
        choices=[
            ("", _("Alla radtyper")),
            *[(k.value, k.label) for k in LineKind if k != LineKind.CORRECTION],
        ],
        help_text=_("En rättelserad kodas som raden den rättar."),
        error_messages={"invalid_choice": _("Välj en av radtyperna i listan.")},
    )

    def __init__(self, *args, payer, segments, template=None, **kwargs):
        if template is not None:
            kwargs.setdefault("initial", self.initial_of(template, segments))
        super().__init__(*args, **kwargs)
        self.segments = segments
        self.fields["customer"].queryset = payer_customers(
            payer, keep=template.customer_id if template is not None else None
        )
        for segment in segments:
            self.fields[segment_field_name(segment)] = forms.CharField(
                label=segment.name.capitalize(),
                required=segment.required,
                error_messages={
                    "required": _("Ange %(name)s.") % {"name": segment.name}
                },
                strip=True,
                help_text=_("Högst %(length)s %(what)s.")
                % {
                    "length": segment.length,
                    "what": _("siffror") if segment.digits_only else _("tecken"),
                },
                widget=forms.TextInput(
                    attrs={"maxlength": segment.length, "autocomplete": "off"}
                ),
            )

    @staticmethod
    def initial_of(template, segments):
        initial = {
            "name": template.name,
            "is_default": template.is_default,
            "customer": template.customer_id,
            "iso_prefix": template.iso_prefix,
            "article_type": template.article_type,
            "line_kind": template.line_kind,
        }
        for segment in segments:
            initial[segment_field_name(segment)] = template.values.get(
                str(segment.pk), ""
            )
        return initial

    def segment_fields(self):
        return [self[segment_field_name(segment)] for segment in self.segments]

    def clean(self):
        data = super().clean()
        for segment in self.segments:
            name = segment_field_name(segment)
            if name in data:
                try:
                    check_value(segment, data[name])
                except ValidationError as error:
                    self.add_error(name, error)
        criteria = [
            data.get("customer"),
            data.get("iso_prefix"),
            data.get("article_type"),
            data.get("line_kind"),
        ]
        if data.get("is_default") and any(criteria):
            self.add_error(
                "is_default",
                _(
                    "En standardmall har inga villkor. Ta bort villkoren eller "
                    "bocka ur Standardmall."
                ),
            )
        elif not data.get("is_default") and not any(criteria) and not self.errors:
            self.add_error(
                "customer",
                _(
                    "Ange minst ett villkor: kund, ISO-klass, artikeltyp eller "
                    "radtyp. En mall utan villkor är standardmallen."
                ),
            )
        return data

    @property
    def template_data(self):
        """What coding.save_template takes."""
        data = self.cleaned_data
        values = {
            str(segment.pk): data[segment_field_name(segment)]
            for segment in self.segments
            if data[segment_field_name(segment)]
        }
        return {
            "name": data["name"].strip(),
            "is_default": data["is_default"],
            "customer": data["customer"],
            "iso_prefix": data["iso_prefix"],
            "article_type": data["article_type"],
            "line_kind": data["line_kind"],
            "values": values,
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    position = forms.IntegerField(min_value=0)

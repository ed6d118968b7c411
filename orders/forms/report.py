from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PersonnummerField
from core.validators import five_digit_code

from ..services import report

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    """Rekvirerat per förskrivare. Posted, because a personnummer must never
    be in a URL; the downloads post the same form."""

    date_from = forms.DateField(
        label=_("Från och med"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange periodens första dag.")},
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange periodens sista dag.")},
    )
    personnummer = PersonnummerField(
        required=False,
        label=_("Mottagarens personnummer"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    care_unit = forms.CharField(
        label=_("Eller vårdenhet"),
        required=False,
        max_length=5,
        validators=[five_digit_code],
        help_text=_("Kod med 5 siffror."),
    )
    article = forms.CharField(label=_("Artikelnummer"), required=False, max_length=30)
    number = forms.CharField(
        label=_("Ordernummer"),
        required=False,
        max_length=8,
        help_text=_("Hela ordernumret eller början av det."),
        validators=[
            RegexValidator(
                r"^\d+$",
                _("Ett ordernummer består av siffror, t.ex. 26480012."),
                code="digits",
            )
        ],
        error_messages={"max_length": _("Ett ordernummer har 8 siffror.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (report.ALL, _("Samtliga")),
            (report.DELIVERED, _("Levererade")),
            (report.NOT_DELIVERED, _("Ej levererade")),
        ],
        initial=report.ALL,
        widget=forms.RadioSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sortera efter"),
        choices=[
            (report.BY_DATE, _("Datum")),
            (report.BY_ARTICLE, _("Artikel")),
            (report.BY_RECIPIENT, _("Mottagare")),
        ],
        initial=report.BY_DATE,
    )
    show_personnummer = forms.BooleanField(
        label=_("Visa personnummer"),
        required=False,
        help_text=_("Personnumren tas med i Excel- och CSV-filen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date_from"].initial = today.replace(day=1)
        self.fields["date_to"].initial = today

    def clean_article(self):
        return self.cleaned_data["article"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("Periodens sista dag kan inte vara före den första."),
                    code="period",
                ),
            )
        if data.get("personnummer") and data.get("care_unit"):
            self.add_error(
                "care_unit",
                forms.ValidationError(
                    _("Ange antingen personnummer eller vårdenhet, inte båda."),
                    code="both",
                ),
            )
        return data

    def described(self):
        """The period and the filters given, as (label, text) for the
        printed page's header."""
        data = self.cleaned_data
        described = [
            (
                _("Period"),
                f"{data['date_from']:%Y-%m-%d} – {data['date_to']:%Y-%m-%d}",
            )
        ]
        for name in ("personnummer", "care_unit", "article", "number"):
            if data[name]:
                described.append((self.fields[name].label, data[name]))
        for name in ("status", "sort"):
            choices = dict(self.fields[name].choices)
            described.append((self.fields[name].label, choices[data[name]]))
        return described

    def criteria(self):
        data = self.cleaned_data
        return report.Criteria(
            date_from=data["date_from"],
            date_to=data["date_to"],
            personnummer=data["personnummer"],
            care_unit=data["care_unit"],
            article=data["article"],
            number=data["number"],
            status=data["status"],
            sort=data["sort"],
        )

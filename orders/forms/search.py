from datetime import datetime, time, timedelta

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrderSearchForm(forms.Form):
    """Sök kundorder: a whole order number or its beginning."""

    number = forms.CharField(
        label=_("Ordernummer"),
        max_length=8,
        help_text=_("Hela ordernumret eller början av det, t.ex. 2648."),
        validators=[
            RegexValidator(
                r"^\d+$",
                _("Ett ordernummer består av siffror, t.ex. 26480012."),
                code="digits",
            )
        ],
        error_messages={
            "required": _("Ange ett ordernummer eller början av det."),
            "max_length": _("Ett ordernummer har 8 siffror."),
        },
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def year_before(day):
    """The same date a year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class DeliveredPeriodForm(forms.Form):
    """Levererade order: the period their order dates fall in, by default
    the last 12 months."""

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

    @classmethod
    def of(cls, query):
        """Bound to the query when it gives a period, else to the default
        one, so the list always has a valid period to show or its errors."""
        if "date_from" in query or "date_to" in query:
            return cls(query)
        today = timezone.localdate()
        return cls({"date_from": year_before(today), "date_to": today})

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
        return data

    def bounds(self):
        """The period as aware datetimes [start, end), so that the order
        date compares as stored and the index is used."""
        data = self.cleaned_data
        return (
            timezone.make_aware(datetime.combine(data["date_from"], time.min)),
            timezone.make_aware(
                datetime.combine(data["date_to"] + timedelta(days=1), time.min)
            ),
        )

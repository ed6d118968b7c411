from django import forms
from django.core.validators import RegexValidator
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

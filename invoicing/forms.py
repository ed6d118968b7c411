from django import forms
from django.utils.translation import gettext_lazy as _

from aids.models import Person
from catalog.models import Article
from core.forms import PersonnummerField

from .choices import LineKind
from .lines import Criteria


class InvoiceSearchForm(forms.Form):
    """Sök faktura: by number (or its beginning) and month. Read from the
    query string: nothing in it is about a patient."""

    number = forms.CharField(
        label=_("Fakturanummer"),
        required=False,
        max_length=9,
        help_text=_("Hela fakturanumret eller början av det, t.ex. F2649."),
    )
    month = forms.DateField(
        label=_("Period (månad)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("ÅÅÅÅ-MM"),
        error_messages={"invalid": _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-11.")},
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def filter(self, invoices):
        data = self.cleaned_data
        if data["number"]:
            invoices = invoices.filter(number__startswith=data["number"])
        if data["month"]:
            invoices = invoices.filter(month=data["month"].replace(day=1))
        return invoices


class LineFilterForm(forms.Form):
    """The filters of an invoice's lines. Posted, as it may carry a
    personnummer, which must never be in a URL; the page buttons and the
    files post the same form."""

    customer = forms.ChoiceField(label=_("Kund"), required=False)
    personnummer = PersonnummerField(
        required=False,
        label=_("Mottagarens personnummer"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    article = forms.CharField(label=_("Artikelnummer"), required=False, max_length=30)
    kind = forms.ChoiceField(
        label=_("Typ av rad"),
        required=False,
        choices=[("", _("Alla typer")), *LineKind.choices],
    )

    def __init__(self, customers, *args, **kwargs):
        """`customers`: those with lines on the invoice, the select's choices."""
        super().__init__(*args, **kwargs)
        self.customers = {customer.kundid: customer for customer in customers}
        self.fields["customer"].choices = [
            ("", _("Alla kunder")),
            *((c.kundid, f"{c.kundid} {c.name}") for c in customers),
        ]

    def clean_article(self):
        return self.cleaned_data["article"].strip()

    def criteria(self):
        """The Criteria, the patient and article found by what was typed
        (nothing matches a number not found)."""
        data = self.cleaned_data
        customer = self.customers.get(data["customer"])
        return Criteria(
            customer_id=customer.pk if customer else None,
            person_ids=(
                tuple(
                    Person.objects.filter(
                        personnummer=data["personnummer"]
                    ).values_list("pk", flat=True)
                )
                if data["personnummer"]
                else None
            ),
            article_ids=(
                tuple(
                    Article.objects.filter(article_no=data["article"]).values_list(
                        "pk", flat=True
                    )
                )
                if data["article"]
                else None
            ),
            kind=data["kind"],
        )

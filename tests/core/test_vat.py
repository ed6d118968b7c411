"""core.vat: a VAT rate reads as its figure, so a form field whose initial
value is a member shows that option selected."""

from decimal import Decimal

from django import forms

from core.vat import VatRate


def test_a_rate_reads_as_its_figure():
    assert str(VatRate.STANDARD) == "25.00"
    assert VatRate(Decimal("12")) == VatRate.REDUCED_12


def test_a_form_shows_the_initial_rate_selected():
    class RateForm(forms.Form):
        rate = forms.ChoiceField(choices=VatRate.choices, initial=VatRate.REDUCED_6)

    assert '<option value="6.00" selected>6 %</option>' in str(RateForm()["rate"])

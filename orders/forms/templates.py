"""Beställningsmallar (F-12): naming a new template, the template's rows
with the add row, and the rows ticked to order from it. Each row's fields
are named by the row's id, so a row removed or added by a colleague since
the page was shown is never mistaken for another."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer

from ..services import orderable_article
from .lines import QUANTITY_ERRORS, _quantity_field


class NewTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på mallen"),
        max_length=100,
        error_messages={
            "required": _("Ange ett namn på mallen."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken."),
        },
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    customer = forms.ModelChoiceField(
        label=_("Kund"),
        queryset=Customer.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Välj en kund."),
            "invalid_choice": _("Välj en av kunderna i listan."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        customers = user.customers_by_name()
        self.fields["customer"].queryset = user.customers.all()
        # Asked only when there is a choice; the only one is taken as given.
        if len(customers) == 1:
            self.fields["customer"].widget = forms.HiddenInput()
            self.fields["customer"].initial = customers[0].pk
        else:
            self.fields["customer"].choices = [
                (customer.pk, str(customer)) for customer in customers
            ]

    @property
    def asks_customer(self):
        return not isinstance(self.fields["customer"].widget, forms.HiddenInput)


class _RowsForm(forms.Form):
    """A form with a quantity and a tick per row, named by the row's id."""

    tick_label = ""
    tick_initial = False

    def __init__(self, lines, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"antal-{line.pk}"] = _quantity_field(
                initial=line.quantity, required=False
            )
            self.fields[f"val-{line.pk}"] = forms.BooleanField(
                label=self.tick_label, required=False, initial=self.tick_initial
            )

    @property
    def rows(self):
        """(row, quantity field, tick field) per row, for the page."""
        return [
            (line, self[f"antal-{line.pk}"], self[f"val-{line.pk}"])
            for line in self.lines
        ]

    def ticked(self, line):
        return self.cleaned_data.get(f"val-{line.pk}")

    def quantity(self, line):
        return self.cleaned_data.get(f"antal-{line.pk}")

    def needs_quantity(self, line):
        return True

    def clean(self):
        data = super().clean()
        for line in self.lines:
            name = f"antal-{line.pk}"
            if (
                self.needs_quantity(line)
                and not self.has_error(name)
                and data.get(name) is None
            ):
                self.add_error(name, QUANTITY_ERRORS["required"])
        return data


class TemplateLinesForm(_RowsForm):
    """The template's page: quantities, Ta bort ticks and the add row
    (Artikelnummer, Antal). Lägg till and Verkställ both save all of it."""

    tick_label = _("Ta bort")

    article_no = forms.CharField(
        label=_("Artikelnummer"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    quantity = _quantity_field(initial=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = None

    def needs_quantity(self, line):
        return not self.ticked(line)

    def clean_article_no(self):
        number = self.cleaned_data["article_no"].strip()
        if number:
            self.article = orderable_article(number)
        return number

    def clean(self):
        data = super().clean()
        typed_quantity = self.data.get("quantity", "").strip() not in ("", "1")
        if not data.get("article_no") and not self.has_error("article_no"):
            if typed_quantity:
                self.add_error(
                    "article_no", _("Ange artikelnummer för raden du vill lägga till.")
                )
        return data

    @property
    def removed(self):
        return [line for line in self.lines if self.ticked(line)]

    @property
    def changes(self):
        """{row: quantity} of the rows kept."""
        return {
            line: self.quantity(line) for line in self.lines if not self.ticked(line)
        }

    @property
    def new_line(self):
        if self.article is None:
            return None
        return self.article, self.cleaned_data.get("quantity") or 1

    def add_error(self, field, error=None):
        """A service's ValidationError goes next to the field it is about."""
        if field is None and hasattr(error, "code"):
            field = {
                "unknown_article": "article_no",
                "outside_assortment": "article_no",
                "article_in_template": "article_no",
                "quantity": "quantity",
            }.get(error.code)
        super().add_error(field, error)


class PickForm(_RowsForm):
    """Ordering from a template: each row's quantity (the template's unless
    changed) and its tick, ticked unless unticked."""

    tick_label = _("Beställ")
    tick_initial = True

    def needs_quantity(self, line):
        return bool(self.ticked(line))

    def clean(self):
        data = super().clean()
        if not any(self.ticked(line) for line in self.lines):
            raise forms.ValidationError(
                _("Markera minst en rad att beställa."), code="none_ticked"
            )
        return data

    @property
    def picks(self):
        """[(row, quantity)] of the ticked rows."""
        return [(line, self.quantity(line)) for line in self.lines if self.ticked(line)]

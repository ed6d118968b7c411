"""Step 3, Orderrader: one form for the whole page. The add row and every
existing line are bound together, so whatever was typed stays in the fields
when something is wrong; payers are looked up for all rows in one query."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Payer
from core.validators import five_digit_code

from ..services import MAX_QUANTITY, orderable_article

QUANTITY_MESSAGE = _("Antal ska vara ett heltal från 1 till %(max)s.") % {
    "max": MAX_QUANTITY
}
QUANTITY_ERRORS = {
    "required": _("Ange antal."),
    "invalid": QUANTITY_MESSAGE,
    "min_value": QUANTITY_MESSAGE,
    "max_value": QUANTITY_MESSAGE,
}


def _quantity_field(**kwargs):
    return forms.IntegerField(
        label=_("Antal"),
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages=QUANTITY_ERRORS,
        widget=forms.NumberInput(attrs={"class": "form-control quantity-input"}),
        **kwargs,
    )


def _payer_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=5,
        validators=[five_digit_code],
        widget=forms.TextInput(
            attrs={"class": "form-control payer-input", "inputmode": "numeric"}
        ),
    )


class NewLineForm(forms.Form):
    """The add row: Artikelnummer, Antal (1 unless told), Betalare (only when
    it differs from the order's)."""

    article_no = forms.CharField(
        label=_("Artikelnummer"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}),
    )
    quantity = _quantity_field(initial=1, required=False)
    payer = _payer_field(_("Betalare"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = None

    def clean_article_no(self):
        number = self.cleaned_data["article_no"].strip()
        if number:
            self.article = orderable_article(number)
        return number

    def clean(self):
        data = super().clean()
        if not data.get("article_no") and self.has_typed_more():
            self.add_error(
                "article_no", _("Ange artikelnummer för raden du vill lägga till.")
            )
        return data

    def has_typed_more(self):
        quantity = self.data.get(self.add_prefix("quantity"), "").strip()
        payer = self.data.get(self.add_prefix("payer"), "").strip()
        return bool(payer) or quantity not in ("", "1")


class LineForm(forms.Form):
    """One existing line: its quantity, its own payer, and its remove tick."""

    quantity = _quantity_field()
    payer = _payer_field(_("Betalare"))
    remove = forms.BooleanField(label=_("Ta bort"), required=False)

    def __init__(self, *args, line, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "quantity": line.quantity,
                "payer": line.payer.betalarid if line.payer_id else "",
            },
        )
        super().__init__(*args, prefix=f"rad-{line.pk}", **kwargs)
        self.line = line

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if self.line.article.individually_marked and quantity != 1:
            raise ValidationError(
                _("Individmärkt artikel %(number)s beställs en per rad."),
                code="individual_quantity",
                params={"number": self.line.article.article_no},
            )
        return quantity


class LinesForm:
    """The whole page: the add row, the lines, and "markera alla"."""

    def __init__(self, lines, data=None):
        self.new = NewLineForm(data)
        self.rows = [LineForm(data, line=line) for line in lines]
        self.remove_all = bool(data and data.get("remove_all"))
        self.payers = {}

    def is_valid(self):
        # Every form is cleaned, so each shows its own errors.
        valid = all([self.new.is_valid()] + [self._row_valid(r) for r in self.rows])
        return self._resolve_payers() and valid

    def _removed(self, row):
        return self.remove_all or row.cleaned_data.get("remove", False)

    def _row_valid(self, row):
        # A line being removed needs no valid quantity.
        return row.is_valid() or self._removed(row)

    def _resolve_payers(self):
        forms_with_payer = [
            form for form in [self.new, *self.rows] if form.cleaned_data.get("payer")
        ]
        codes = {form.cleaned_data["payer"] for form in forms_with_payer}
        self.payers = Payer.objects.in_bulk(codes, field_name="betalarid")
        valid = True
        for form in forms_with_payer:
            code = form.cleaned_data["payer"]
            if code not in self.payers:
                form.add_error(
                    "payer",
                    _("Det finns ingen betalare med betalarid %(code)s.")
                    % {"code": code},
                )
                valid = False
        return valid

    def _payer(self, form):
        return self.payers.get(form.cleaned_data.get("payer"))

    @property
    def removed(self):
        return [row.line for row in self.rows if self._removed(row)]

    @property
    def changes(self):
        """{line: (quantity, payer)} for update_lines."""
        return {
            row.line: (row.cleaned_data["quantity"], self._payer(row))
            for row in self.rows
            if not self._removed(row)
        }

    @property
    def new_line(self):
        """(article, quantity, payer) to add, or None."""
        if self.new.article is None:
            return None
        return (
            self.new.article,
            self.new.cleaned_data["quantity"] or 1,
            self._payer(self.new),
        )

    def add_error(self, error):
        """Put a service's ValidationError next to the field it is about."""
        field = {
            "unknown_article": "article_no",
            "outside_assortment": "article_no",
            "quantity": "quantity",
        }.get(error.code)
        self.new.add_error(field, error)

"""Step 3, Orderrader: one formset for the whole page. The add row and every
existing line are bound together, so whatever was typed stays in the fields
when something is wrong; payers are looked up for all rows in one query."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Payer
from core.validators import five_digit_code

from ..services import MAX_QUANTITY, orderable_articles, proposed_alternative

# Article numbers pasted together: a list copied from anywhere.
SEPARATORS = re.compile(r"[\s,;]+")
# Room for a few dozen numbers; more is not a list anyone pastes.
PASTED_MAX_LENGTH = 500

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
    it differs from the order's). Several article numbers pasted at once
    (separated by spaces, commas or line breaks) become a line each, with
    the row's quantity and payer."""

    article_no = forms.CharField(
        label=_("Artikelnummer"),
        required=False,
        max_length=PASTED_MAX_LENGTH,
        help_text=_("Flera artikelnummer kan klistras in på en gång."),
        widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}),
    )
    quantity = _quantity_field(initial=1, required=False)
    payer = _payer_field(_("Betalare"))

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.articles = []

    def clean_article_no(self):
        numbers = SEPARATORS.split(self.cleaned_data["article_no"].strip())
        numbers = [number for number in numbers if number]
        if numbers:
            # The draft's recipient may have been granted one outside the
            # assortment (outside_assortment).
            self.articles = orderable_articles(numbers, self.order)
        return " ".join(numbers)

    def clean(self):
        data = super().clean()
        if (
            not data.get("article_no")
            and not self.has_error("article_no")
            and self.has_typed_more()
        ):
            self.add_error(
                "article_no", _("Ange artikelnummer för raden du vill lägga till.")
            )
        return data

    def has_typed_more(self):
        quantity = self.data.get(self.add_prefix("quantity"), "").strip()
        payer = self.data.get(self.add_prefix("payer"), "").strip()
        return bool(payer) or quantity not in ("", "1")


class LineForm(forms.Form):
    """One existing line: its quantity and its own payer (the formset adds
    the remove tick, DELETE), and for a line waiting for the outgoing
    alternative (F-06) the article to deliver, the proposed one ticked;
    the line's own Verkställ (`choosing`) takes it. An I-marked line taken
    from a local store (`from_store`) has the unit's Individnummer."""

    quantity = _quantity_field()
    payer = _payer_field(_("Betalare"))

    def __init__(
        self, *args, line, alternatives=(), choosing=False, from_store=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.line = line
        self.alternatives = alternatives
        self.choosing = choosing
        if from_store and line.article.individually_marked:
            self.fields["individual"] = forms.CharField(
                label=_("Individnummer"), required=False, max_length=30
            )
        if alternatives:
            self.fields["alternative"] = forms.TypedChoiceField(
                label=_("Artikel att leverera"),
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                choices=[(c.article.pk, c.article.article_no) for c in alternatives],
                initial=proposed_alternative(alternatives, line.quantity).pk,
                error_messages={"invalid_choice": _("Välj en av artiklarna i listan.")},
            )

    @property
    def choice_rows(self):
        """(alternative, radio, purchase) per article, for the template;
        purchase: choosing it means buying it in."""
        radios = list(self["alternative"])
        return [
            (alternative, radio, alternative.available < self.line.quantity)
            for alternative, radio in zip(self.alternatives, radios, strict=True)
        ]

    @property
    def focused_radio(self):
        """The radio the focus goes to when this choice has it: the ticked
        one, else the first."""
        value = str(self["alternative"].value())
        radios = list(self["alternative"])
        return next((r for r in radios if str(r.data["value"]) == value), radios[0])

    @property
    def chosen(self):
        """The alternative ticked, once cleaned."""
        pk = self.cleaned_data.get("alternative")
        return next((c for c in self.alternatives if c.article.pk == pk), None)

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if self.line.article.individually_marked and quantity != 1:
            raise ValidationError(
                _("Individmärkt artikel %(number)s beställs en per rad."),
                code="individual_quantity",
                params={"number": self.line.article.article_no},
            )
        return quantity

    def clean(self):
        data = super().clean()
        if self.choosing and not self.has_error("alternative") and not self.chosen:
            self.add_error("alternative", _("Välj en artikel."))
        return data


class BaseLinesFormSet(forms.BaseFormSet):
    """The whole page: a form per line (ticking its DELETE box removes it),
    the add row (`new`) and "markera alla" (`remove_all`), which removes
    every line also without JavaScript. `alternatives` holds the choices of
    the lines waiting for the outgoing alternative; the button `choose`
    names the line whose choice the POST takes.

    The focus (the page's autofocus) is in Artikelnummer, or in `focus`, a
    line's choice: the first waiting one when `focus_choice` (after a line
    with alternatives was added or a choice taken, and when the page
    loads), or one refused."""

    def __init__(
        self,
        lines,
        data=None,
        alternatives=None,
        focus_choice=True,
        from_store=False,
        order=None,
    ):
        self.lines = lines
        self.alternatives = alternatives or {}
        self.from_store = from_store
        choose = data.get("choose") if data else None
        self.choosing = next(
            (
                line
                for line in lines
                if line.pk in self.alternatives and str(line.pk) == choose
            ),
            None,
        )
        super().__init__(
            data,
            prefix="rad",
            initial=[
                {
                    "quantity": line.quantity,
                    "payer": line.payer.betalarid if line.payer_id else "",
                    "individual": _individual_no(line),
                }
                for line in lines
            ],
        )
        self.new = NewLineForm(data, order=order)
        self.remove_all = bool(data and data.get("remove_all"))
        self.payers = {}
        self.focus = None
        if data is None and focus_choice:
            self._focus_on(next((f for f in self.forms if f.alternatives), None))

    # A form per line as the page showed them, whatever the management form
    # says: the draft's version (orders.services.draft_version) has already
    # told that the lines are the same.
    def total_form_count(self):
        return len(self.lines)

    initial_form_count = total_form_count

    def get_form_kwargs(self, index):
        line = self.lines[index]
        return {
            "line": line,
            "alternatives": self.alternatives.get(line.pk, ()),
            "choosing": line is self.choosing,
            "from_store": self.from_store,
        }

    def _focus_on(self, form):
        if form is not None:
            self.focus = form
            self.new.fields["article_no"].widget.attrs.pop("autofocus", None)

    def full_clean(self):
        super().full_clean()
        chooser = self._choosing_form
        if chooser is not None and chooser.has_error("alternative"):
            self._focus_on(chooser)

    @property
    def _choosing_form(self):
        return next((form for form in self.forms if form.choosing), None)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Ta bort")

    def _should_delete_form(self, form):
        return self.remove_all or super()._should_delete_form(form)

    def is_valid(self):
        # The add row is cleaned too, so each form shows its own errors.
        valid = super().is_valid()
        return self.new.is_valid() and valid

    def clean(self):
        """Look up the payers of the add row and the kept lines in one query."""
        self.new.is_valid()
        forms_with_payer = [
            form for form in [self.new, *self.kept] if form.cleaned_data.get("payer")
        ]
        codes = {form.cleaned_data["payer"] for form in forms_with_payer}
        self.payers = Payer.objects.in_bulk(codes, field_name="betalarid")
        for form in forms_with_payer:
            code = form.cleaned_data["payer"]
            if code not in self.payers:
                form.add_error(
                    "payer",
                    _("Det finns ingen betalare med betalarid %(code)s.")
                    % {"code": code},
                )

    @property
    def kept(self):
        return [form for form in self.forms if not self._should_delete_form(form)]

    def _payer(self, form):
        return self.payers.get(form.cleaned_data.get("payer"))

    @property
    def removed(self):
        return [form.line for form in self.deleted_forms]

    @property
    def changes(self):
        """{line: (quantity, payer)} for save_lines."""
        return {
            form.line: (form.cleaned_data["quantity"], self._payer(form))
            for form in self.kept
        }

    @property
    def individuals(self):
        """{line: individual number, "" for none} for save_lines: only the
        units changed, so that a page saved as shown checks none of them."""
        return {
            form.line: form.cleaned_data["individual"].strip()
            for form in self.kept
            if "individual" in form.fields
            and form.cleaned_data["individual"].strip() != _individual_no(form.line)
        }

    @property
    def choice(self):
        """(line, article) the line's Verkställ takes, or None; a line
        removed in the same POST takes nothing."""
        form = self._choosing_form
        if form is None or self._should_delete_form(form):
            return None
        return form.line, form.chosen.article

    @property
    def purchase(self):
        """The choice taken has too little stock for the line's quantity:
        a purchase and a later delivery date."""
        form = self._choosing_form
        return bool(self.choice) and (
            form.chosen.available < form.cleaned_data["quantity"]
        )

    @property
    def new_line(self):
        """(articles, quantity, payer) to add, or None."""
        if not self.new.articles:
            return None
        return (
            self.new.articles,
            self.new.cleaned_data["quantity"] or 1,
            self._payer(self.new),
        )

    def add_error(self, error):
        """Put a service's ValidationError next to the field it is about."""
        if error.code == "not_an_alternative":
            self._choosing_form.add_error("alternative", error)
            self._focus_on(self._choosing_form)
            return
        if row := self._row_of(error):
            row.add_error(
                "quantity" if error.code == "individual_quantity" else "individual",
                error,
            )
            return
        field = {
            "unknown_article": "article_no",
            "outside_assortment": "article_no",
            "not_stocked": "article_no",
            "quantity": "quantity",
        }.get(error.code)
        self.new.add_error(field, error)

    def _row_of(self, error):
        """The line's form a refused unit or quantity is about, if any."""
        params = getattr(error, "params", None) or {}
        if error.code == "individual_quantity":
            return next(
                (
                    form
                    for form in self.kept
                    if form.line.article.article_no == params["number"]
                    and form.cleaned_data.get("quantity") != 1
                ),
                None,
            )
        if error.code in ("individual_not_in_store", "individual_twice"):
            numbers = {number.strip() for number in params["individual"].split(",")}
            changed = self.individuals
            # The row where the number was typed rather than one that had it.
            rows = sorted(self.kept, key=lambda form: form.line not in changed)
            return next(
                (
                    form
                    for form in rows
                    if "individual" in form.fields
                    and form.cleaned_data.get("individual", "").strip() in numbers
                ),
                None,
            )
        return None


def _individual_no(line):
    return line.individual.individual_no if line.individual_id else ""


LinesForm = forms.formset_factory(
    LineForm, formset=BaseLinesFormSet, extra=0, can_delete=True
)

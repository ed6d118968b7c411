"""Customer service's forms in the admin (F-18): ship an order's lines,
move a line's delivery date, add a document. Orders are found by
personnummer with aids.forms.PersonLookupForm."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import ACCEPT, check_attachment
from orders.models import OrderAttachment


class ShipLineForm(forms.Form):
    """One open line on the Leverera page. Quantity 0 leaves the line for a
    later delivery; an I-marked unit is chosen from the warehouse or typed."""

    def __init__(self, *args, line, units=(), **kwargs):
        super().__init__(
            *args,
            prefix=f"rad-{line.pk}",
            initial={"quantity": line.remaining_quantity},
            **kwargs,
        )
        self.line = line
        where = _("rad %(position)s") % {"position": line.position}
        self.fields["quantity"] = forms.IntegerField(
            label=_("Att leverera"),
            min_value=0,
            max_value=line.remaining_quantity,
            widget=forms.NumberInput(
                attrs={"aria-label": f"{_('Att leverera')}, {where}", "size": 4}
            ),
        )
        if line.article.individually_marked:
            self.fields["individual"] = forms.ChoiceField(
                label=_("Individ i lager"),
                required=False,
                choices=[("", _("– välj –"))]
                + [(unit.individual_no, unit.individual_no) for unit in units],
                widget=forms.Select(
                    attrs={"aria-label": f"{_('Individ i lager')}, {where}"}
                ),
            )
            self.fields["new_individual"] = forms.CharField(
                label=_("eller nytt individnummer"),
                required=False,
                max_length=30,
                widget=forms.TextInput(
                    attrs={"aria-label": f"{_('Nytt individnummer')}, {where}"}
                ),
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["individual_no"] = ""
        if not cleaned.get("quantity") or "individual" not in self.fields:
            return cleaned
        chosen = cleaned.get("individual", "")
        typed = cleaned.get("new_individual", "").strip()
        if chosen and typed:
            raise ValidationError(
                _("Välj en individ i lager eller skriv ett nytt nummer, inte båda."),
                code="two_individuals",
            )
        if not chosen and not typed:
            raise ValidationError(
                _("Välj en individ i lager eller ange ett nytt individnummer."),
                code="individual_required",
            )
        cleaned["individual_no"] = chosen or typed
        return cleaned


class DeliveryDateForm(forms.Form):
    delivery_date = forms.DateField(
        label=_("Nytt leveransdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Orsak"),
        max_length=500,
        help_text=_("Skickas till förskrivaren i ett personligt meddelande."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachmentAdminForm(forms.ModelForm):
    """A new document on an order, checked like the prescriber's uploads."""

    class Meta:
        model = OrderAttachment
        fields = ["file"]
        # A tabular inline shows its label only as the column heading.
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={"accept": ACCEPT, "aria-label": _("Ny bilaga")}
            )
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            self.file_type = check_attachment(upload)
        return upload


class SplitDeliveryForm(forms.Form):
    """On a samleverans order the lines go together: leaving a line (or part
    of one) for later needs an explicit tick."""

    split = forms.BooleanField(
        label=_("Dela leveransen"),
        required=False,
        help_text=_(
            "Ordern har samleverans. Kryssa i för att leverera en del nu och "
            "resten senare."
        ),
    )

    def __init__(self, *args, line_forms, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_forms = line_forms

    def clean(self):
        cleaned = super().clean()
        # A line whose own quantity is wrong is answered on its line.
        quantities = [
            (form.line, getattr(form, "cleaned_data", {}).get("quantity"))
            for form in self.line_forms
        ]
        left = [
            line.position
            for line, quantity in quantities
            if quantity is not None and quantity < line.remaining_quantity
        ]
        if left and not cleaned.get("split"):
            raise ValidationError(
                _(
                    "Ordern har samleverans och rad %(positions)s levereras inte "
                    "i sin helhet nu. Kryssa i Dela leveransen för att leverera "
                    "en del nu och resten senare."
                ),
                code="joint_delivery",
                params={"positions": ", ".join(str(p) for p in left)},
            )
        return cleaned

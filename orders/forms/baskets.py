"""Öppna varukorgsbeställningar (F-11): finding another prescriber's open
basket, and settling a basket one patient at a time. The personnummer is
posted, never put in a URL; everything typed stays in the fields when
something is refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Payer
from aids.models import Person
from aids.recipients import deceased_refusal
from catalog.choices import ArticleType
from core.forms import PersonnummerField
from core.search import MAX_CRITERION_LENGTH
from core.validators import five_digit_code

from ..services import DECEASED

# The buttons of the settle form.
SHOW = "visa"
EXECUTE = "verkstall"


class BasketSearchForm(forms.Form):
    """Sök öppen varukorg: a prescriber's name (or part of it) or an order
    number (or its beginning)."""

    q = forms.CharField(
        label=_("Förskrivare eller ordernummer"),
        max_length=MAX_CRITERION_LENGTH,
        help_text=_(
            "Förskrivarens namn eller ordernumret, hela eller delar av, "
            "t.ex. Lind eller 2648."
        ),
        error_messages={"required": _("Ange en förskrivare eller ett ordernummer.")},
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if not text:
            raise ValidationError(
                _("Ange en förskrivare eller ett ordernummer."), code="required"
            )
        return text

    @property
    def is_number(self):
        """Digits only: the beginning of an order number."""
        text = self.cleaned_data["q"]
        return text.isascii() and text.isdigit()


def is_patient_fee(line):
    return line.article.article_type == ArticleType.PATIENT_FEE


class SettleLineForm(forms.Form):
    """One open line: Betalare (none for a patient fee, which the patient
    pays), Leverans to the patient shown, Ta bort back to the store."""

    payer = forms.CharField(
        label=_("Betalare"),
        required=False,
        max_length=5,
        validators=[five_digit_code],
        widget=forms.TextInput(
            attrs={"class": "form-control payer-input", "inputmode": "numeric"}
        ),
    )
    deliver = forms.BooleanField(label=_("Leverans"), required=False)
    remove = forms.BooleanField(label=_("Ta bort"), required=False)

    def __init__(self, *args, line, payers, executing, **kwargs):
        super().__init__(*args, prefix=f"rad-{line.pk}", **kwargs)
        self.line = line
        self.payers = payers
        self.executing = executing
        self.patient_fee = is_patient_fee(line)
        if self.patient_fee:
            del self.fields["payer"]

    @property
    def shown_payer(self):
        """The payer whose name the page shows under the line: the one
        typed (or proposed), when it exists."""
        if self.patient_fee:
            return None
        return self.payers.get((self["payer"].value() or "").strip())

    def clean_payer(self):
        code = self.cleaned_data["payer"].strip()
        if code and code not in self.payers:
            raise ValidationError(
                _("Det finns ingen betalare med nummer %(code)s."),
                code="unknown_payer",
                params={"code": code},
            )
        return code

    def clean(self):
        data = super().clean()
        if not self.executing:
            return data
        if data.get("deliver") and data.get("remove"):
            self.add_error(
                "remove", _("Markera antingen Leverans eller Ta bort, inte båda.")
            )
        elif (
            data.get("deliver")
            and not self.patient_fee
            and not self.has_error("payer")
            and not data.get("payer")
        ):
            self.add_error("payer", _("Ange betalare för raden som ska levereras."))
        return data

    @property
    def payer_object(self):
        return self.payers.get(self.cleaned_data.get("payer", ""))


class SettleForm(forms.Form):
    """Settle a basket: Personnummer and Visa mottagare show who the patient
    is; Verkställ then delivers the lines ticked Leverans to them and
    returns the lines ticked Ta bort. `shown` carries the personnummer last
    shown, so Verkställ delivers only to a patient the user has seen."""

    personnummer = PersonnummerField(
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, order, lines, settled=()):
        super().__init__(data)
        self.settled = settled
        self.showing = bool(data) and SHOW in data
        self.executing = bool(data) and not self.showing
        self.person = None
        default = order.customer.default_payer if order.customer_id else None
        payers = self._payers(data, lines, default)
        self.line_forms = [
            SettleLineForm(
                data,
                line=line,
                payers=payers,
                executing=self.executing,
                initial={"payer": _initial_payer(line, default)},
            )
            for line in lines
        ]

    def _payers(self, data, lines, default):
        """The payers typed or proposed on the lines, by code: one query."""
        codes = {_initial_payer(line, default) for line in lines}
        if data:
            codes |= {data.get(f"rad-{line.pk}-payer", "").strip() for line in lines}
        codes.discard("")
        return Payer.objects.in_bulk(codes, field_name="betalarid")

    def clean_personnummer(self):
        number = self.cleaned_data["personnummer"]
        if not number:
            if self.showing:
                raise ValidationError(
                    _("Ange patientens personnummer."), code="required"
                )
            return number
        person = Person.objects.filter(personnummer=number).first()
        if person is None:
            raise ValidationError(
                _("Det finns ingen person med det personnumret i folkbokföringen."),
                code="unknown",
            )
        if refusal := deceased_refusal(person, DECEASED):
            raise ValidationError(refusal, code="deceased")
        self.person = person
        return number

    def clean(self):
        data = super().clean()
        if not self.executing:
            return data
        for form in self.line_forms:
            form.is_valid()
        self._refuse_settled_meanwhile()
        ticked = [
            form.cleaned_data.get("deliver") or form.cleaned_data.get("remove")
            for form in self.line_forms
        ]
        if not any(ticked):
            raise ValidationError(
                _("Markera Leverans eller Ta bort på minst en rad."), code="nothing"
            )
        delivering = any(form.cleaned_data.get("deliver") for form in self.line_forms)
        if delivering and not self.has_error("personnummer"):
            if not data.get("personnummer"):
                self.add_error(
                    "personnummer",
                    _("Ange personnumret på den som ska få raderna med Leverans."),
                )
            elif data["personnummer"] != data.get("shown"):
                self.add_error(
                    "personnummer",
                    _(
                        "Tryck Visa mottagare och kontrollera vem det är innan "
                        "du verkställer."
                    ),
                )
        return data

    def _refuse_settled_meanwhile(self):
        """A line ticked on the page but settled since it was shown (by a
        colleague, in another tab): the user sees the basket as it is now
        before anything is done."""
        for line in self.settled:
            prefix = f"rad-{line.pk}-"
            if self.data.get(prefix + "deliver") or self.data.get(prefix + "remove"):
                by = line.settled_by
                raise ValidationError(
                    _("Rad %(position)s är redan åtgärdad av %(name)s."),
                    code="settled",
                    params={
                        "position": line.position,
                        "name": (by.get_full_name() or by.username) if by else "–",
                    },
                )

    def is_valid(self):
        # Every line's form validated, so each shows its own errors.
        lines_valid = all([form.is_valid() for form in self.line_forms])
        return super().is_valid() and lines_valid

    @property
    def shows_person(self):
        """The patient to show: found, and (after Visa mottagare) the one
        whose personnummer the page carries."""
        if self.person is None:
            return None
        shown = getattr(self, "cleaned_data", {}).get("shown")
        if self.showing or shown == self.person.personnummer:
            return self.person
        return None

    def deliveries(self):
        """{line: payer} for the lines ticked Leverans; a patient fee's payer
        is None (the patient pays)."""
        return {
            form.line: form.payer_object
            for form in self.line_forms
            if form.cleaned_data.get("deliver")
        }

    def returns(self):
        return [
            form.line for form in self.line_forms if form.cleaned_data.get("remove")
        ]


def _initial_payer(line, default):
    """What Betalare proposes: the line's own payer, else the customer's
    standard payer."""
    payer = line.payer or default
    return payer.betalarid if payer and not is_patient_fee(line) else ""

"""Begär artikel utanför sortimentet: the recipient (found as on Hjälpmedel,
sent by POST so a personnummer never goes in a URL), the customer, the
article wanted or a description of it, and why nothing in the assortment
fits. The files go through core's AttachmentForm."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aids.forms import RecipientSearchForm
from aids.recipients import deceased_refusal
from catalog.models import Article

from .services import DECEASED, MAX_QUANTITY

TOKEN_MESSAGE = _("Formuläret är ofullständigt. Ladda om sidan och försök igen.")


class OutsideRequestForm(RecipientSearchForm):
    """`customers` are those the prescriber orders for (a choice only when
    there are several)."""

    only_marked = None
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": TOKEN_MESSAGE, "invalid": TOKEN_MESSAGE},
    )
    customer = forms.ChoiceField(
        label=_("Kund"),
        error_messages={
            "required": _("Välj kund."),
            "invalid_choice": _("Välj en av dina kunder i listan."),
        },
    )
    article_no = forms.CharField(
        label=_("Artikelnummer"),
        required=False,
        max_length=10,
        help_text=_("Artikeln utanför sortimentet, om den finns i varukatalogen."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Beskrivning av artikeln"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "När artikeln inte finns i varukatalogen: benämning, modell, "
            "storlek och leverantörens artikelnummer."
        ),
    )
    supplier = forms.CharField(label=_("Leverantör"), required=False, max_length=200)
    quantity = forms.IntegerField(
        label=_("Antal"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        error_messages={
            "required": _("Ange antal."),
            "invalid": _("Antal ska vara ett heltal från 1 till %(max)s.")
            % {"max": MAX_QUANTITY},
            "min_value": _("Antal ska vara ett heltal från 1 till %(max)s.")
            % {"max": MAX_QUANTITY},
            "max_value": _("Antal ska vara ett heltal från 1 till %(max)s.")
            % {"max": MAX_QUANTITY},
        },
    )
    reason = forms.CharField(
        label=_("Varför passar ingen artikel i sortimentet?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Skriv varför ingen artikel i sortimentet passar.")
        },
        help_text=_(
            "Vilka artiklar i sortimentet du har prövat eller övervägt och "
            "varför de inte räcker. Bifoga gärna din bedömning som fil."
        ),
    )

    def __init__(self, *args, customers, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.customers = {str(customer.pk): customer for customer in customers}
        self.article = None
        if len(customers) > 1:
            self.fields["customer"].choices = [("", _("– välj kund –"))] + [
                (pk, str(customer)) for pk, customer in self.customers.items()
            ]
        else:
            del self.fields["customer"]

    @property
    def chosen_customer(self):
        if "customer" not in self.fields:
            return next(iter(self.customers.values()), None)
        return self.customers.get(self.cleaned_data.get("customer"))

    def clean_article_no(self):
        number = self.cleaned_data["article_no"].strip()
        if not number:
            return number
        self.article = Article.objects.filter(article_no=number).first()
        if self.article is None:
            raise ValidationError(
                _(
                    "Det finns ingen artikel med artikelnummer %(number)s. Beskriv "
                    "artikeln i stället."
                ),
                code="unknown_article",
                params={"number": number},
            )
        if self.article.in_assortment:
            raise ValidationError(
                _(
                    "Artikel %(number)s ingår i sortimentet. Beställ den som "
                    "vanligt i stället."
                ),
                code="in_assortment",
                params={"number": number},
            )
        return number

    def clean(self):
        data = super().clean()
        if (
            not data.get("article_no")
            and not self.has_error("article_no")
            and not data.get("description", "").strip()
        ):
            self.add_error(
                "description",
                _("Ange artikelnummer eller beskriv artikeln du vill ha."),
            )
        if self.recipient and (
            refusal := deceased_refusal(self.recipient.person, DECEASED)
        ):
            self.add_error("personnummer", refusal)
        return data

    # Where a service's refusal is shown, by its code.
    FIELDS = {
        "deceased": "personnummer",
        "customer": "customer",
        "in_assortment": "article_no",
        "no_article": "description",
        "quantity": "quantity",
        "reason": "reason",
    }

    def add_service_error(self, error):
        field = self.FIELDS.get(error.code)
        self.add_error(field if field in self.fields else None, error)

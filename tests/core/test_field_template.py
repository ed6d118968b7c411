"""The prescribers' search forms and Leverans render their fields through the
project's lean templates/forms/field.html instead of crispy-forms (issue 12:
crispy's nested templates per field were a measurable part of those pages), and
that template gives the markup crispy gave: the same elements, attributes
and text, so labels, help, errors and their aria links are unchanged."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import engines
from django.urls import reverse

from aids.forms import CfrSearchForm, IndividualSearchForm, RecipientSearchForm
from catalog.forms import ArticleSearchForm
from orders.forms.delivery import DeliveryForm
from pickups.forms import PickupSearchForm
from tests.factories import DraftOrderFactory, OrderLineFactory

CRISPY = "{% load crispy_forms_tags %}{{ field|as_crispy_field }}"
LEAN = "{% include 'forms/field.html' %}"


class Markup(HTMLParser):
    """Elements, attributes and text of HTML; whitespace between them aside."""

    def __init__(self, html):
        super().__init__()
        self.parts = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.parts.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.parts.append(("end", tag))

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.parts.append(("text", text))


class EveryKind(forms.Form):
    text = forms.CharField(label="Text", help_text="Hjälptext <em>här</em>.")
    number = forms.IntegerField(label="Tal", required=False)
    day = forms.DateField(label="Dag", widget=forms.DateInput(attrs={"type": "date"}))
    choice = forms.ChoiceField(
        label="Val",
        choices=[("", "Alla"), ("a", "A")],
        widget=forms.Select(attrs={"class": "own"}),
    )
    tick = forms.BooleanField(label="Kryss", help_text="Om du vill.", required=False)
    must_tick = forms.BooleanField(label="Måste")
    long = forms.CharField(label="Lång", widget=forms.Textarea(attrs={"rows": 2}))


def rendered(source, field):
    return Markup(engines["django"].from_string(source).render({"field": field})).parts


@pytest.mark.parametrize("data", [None, {}, {"number": "x", "day": "y", "choice": "z"}])
@pytest.mark.parametrize("name", list(EveryKind.base_fields))
def test_the_lean_field_template_gives_crispys_markup(data, name):
    # Two forms: crispy writes its classes into the widget it renders.
    crispy_form, lean_form = EveryKind(data), EveryKind(data)
    if data is not None:
        crispy_form.is_valid()
        lean_form.is_valid()
    assert rendered(LEAN, lean_form[name]) == rendered(CRISPY, crispy_form[name])


SEARCH_FORMS = {
    "cfr": lambda: CfrSearchForm({"personnummer": "12", "postal_code": "x" * 20}),
    "article": lambda: ArticleSearchForm({"supplier": "0", "outside_assortment": "on"}),
    "individual": lambda: IndividualSearchForm({"individual_no": "!" * 40}),
    "pickup": lambda: PickupSearchForm({"created_on": "igår"}),
    "recipient": lambda: RecipientSearchForm({"recipient_type": "x"}, user=None),
}
# Leverans: its radio choice and file input stay with crispy.
DELIVERY_FIELDS = [
    name for name in DeliveryForm.base_fields if name != "address_choice"
]


@pytest.mark.django_db
def test_the_delivery_forms_fields_look_as_with_crispy(prescriber):
    draft = DraftOrderFactory(prescriber=prescriber)
    data = {"address_choice": "other", "recipient_phone": "x", "other_postal_code": "1"}
    crispy_form, lean_form = (DeliveryForm(data, order=draft) for _ in range(2))
    crispy_form.is_valid()
    lean_form.is_valid()
    assert lean_form.errors
    for name in DELIVERY_FIELDS:
        assert rendered(LEAN, lean_form[name]) == rendered(CRISPY, crispy_form[name]), (
            name
        )


@pytest.mark.parametrize("make", SEARCH_FORMS.values(), ids=SEARCH_FORMS.keys())
@pytest.mark.django_db
def test_the_search_forms_fields_look_as_with_crispy(make):
    crispy_form, lean_form = make(), make()
    crispy_form.is_valid()
    lean_form.is_valid()
    for name in crispy_form.fields:
        assert rendered(LEAN, lean_form[name]) == rendered(CRISPY, crispy_form[name]), (
            name
        )


@pytest.mark.parametrize(
    ("url", "method", "data"),
    [
        ("cfr", "get", None),
        ("cfr", "post", {"personnummer": "12"}),
        ("article_search", "get", None),
        ("aids_search", "get", None),
        ("individual_search", "get", None),
        ("pickup_index", "get", None),
    ],
)
def test_the_search_pages_render_their_fields_without_crispy(
    client, prescriber, url, method, data
):
    client.force_login(prescriber)
    response = getattr(client, method)(reverse(url), data)
    assert response.status_code == 200
    used = {template.name for template in response.templates}
    assert "forms/field.html" in used
    assert "bootstrap5/field.html" not in used


def test_the_delivery_page_renders_its_text_fields_without_crispy(client, prescriber):
    draft = DraftOrderFactory(prescriber=prescriber)
    OrderLineFactory(order=draft)
    client.force_login(prescriber)
    response = client.get(reverse("order_delivery", args=[draft.pk]))
    assert response.status_code == 200
    rendered_with = [template.name for template in response.templates]
    assert rendered_with.count("forms/field.html") == len(DELIVERY_FIELDS)

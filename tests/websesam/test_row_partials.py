"""Long lists are rendered by template partials through the cached loader,
from rows whose values core.rows escaped once."""

import pytest
from django.template import engines
from django.template.loader import get_template

from core.rows import escaped, iso_date, url_maker

ROW_PARTIALS = [
    "aids/aids.html#holding-row",
    "aids/returned.html#returned-row",
    "aids/cfr.html#person-row",
    "pickups/new.html#pickup-cells",
    "transfers/new.html#transfer-cells",
]


def test_templates_are_cached_also_in_development():
    loader = engines["django"].engine.template_loaders[0]

    assert type(loader).__module__ == "django.template.loaders.cached"


@pytest.mark.parametrize("name", ROW_PARTIALS)
def test_each_long_list_has_a_row_partial(name):
    assert get_template(name).template.name == name.partition("#")[2]


def test_a_person_row_shows_the_escaped_values_in_its_markup():
    row = {
        "name": escaped("Öst <b>, Anna"),
        "full_name": escaped("Anna Öst <b>"),
        "personnummer": escaped("19400101-2386"),
        "address": escaped("Storgatan 1, 901 85 Umeå"),
        "aids_url": url_maker("recipient_aids", placeholder="12345")("12345"),
        "order_url": escaped("/bestall/"),
    }

    html = get_template("aids/cfr.html#person-row").render(
        {"row": row, "aids": "Hjälpmedel", "order": "Beställ"}
    )

    assert html.startswith("<tr><td>Öst &lt;b&gt;, Anna</td><td>19400101-2386</td>")
    assert '<span class="visually-hidden"> Anna Öst &lt;b&gt;</span>' in html


def test_values_are_escaped_once_and_dates_shown_as_iso():
    assert escaped('a & "b"') == "a &amp; &quot;b&quot;"
    assert escaped(escaped("<")) == "&amp;lt;"
    assert iso_date(None) == ""

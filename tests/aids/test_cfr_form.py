"""The CFR form, property-based: no input crashes it, and a valid form's
search runs in PostgreSQL whatever was typed."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aids.forms import CfrSearchForm

pytestmark = pytest.mark.django_db


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=40),
    personnummer=st.text(alphabet="0123456789- +²١aO", max_size=16),
    street=st.text(max_size=40),
    postal_code=st.text(alphabet="0123456789 ²x", max_size=8),
    city=st.text(max_size=20),
)
@example(name="%_\\", personnummer="", street="'; --", postal_code="", city="")
@example(name="", personnummer="450101-1235", street="", postal_code="", city="")
# Digits that str.isdigit() accepts but int() and PostgreSQL's text do not.
@example(name="", personnummer="²" * 12, street="", postal_code="", city="")
@example(name="", personnummer="١٩٤٥", street="", postal_code="", city="")
@example(name="a\x00", personnummer="", street="", postal_code="", city="")
def test_no_input_crashes_the_form_or_the_search(
    name, personnummer, street, postal_code, city
):
    form = CfrSearchForm(
        {
            "name": name,
            "personnummer": personnummer,
            "street": street,
            "postal_code": postal_code,
            "city": city,
        }
    )

    if form.is_valid():
        list(form.search()[:1])
        digits = form.cleaned_data["personnummer"]
        assert digits == "" or (digits.isascii() and digits.isdigit())
    else:
        assert all(form.errors.values())

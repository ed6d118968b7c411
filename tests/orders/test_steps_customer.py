"""Step 2, Kund/leveransadress: only the customers the prescriber orders
for; choosing one sets the default payer and the proposed address."""

import pytest

from tests.factories import CustomerFactory, DraftOrderFactory, PayerFactory

from .steps_helpers import url


@pytest.fixture
def other(prescriber):
    other = CustomerFactory(
        kundid="41234",
        name="Äldreboendet Solgården",
        street="Solvägen 3",
        postal_code="901 10",
        city="Umeå",
        default_payer=PayerFactory(betalarid="22222", name="Umeå kommun"),
    )
    prescriber.customers.add(other)
    return other


@pytest.fixture
def draft(prescriber, other):
    return DraftOrderFactory(
        prescriber=prescriber, customer=None, payer=None, address_name=""
    )


def test_the_page_lists_only_the_users_customers(
    client, prescriber, customer, other, draft
):
    CustomerFactory(name="Någon annans kund")
    client.force_login(prescriber)

    response = client.get(url("order_customer", draft.pk))

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert list(response.context["form"].fields["customer"].queryset) == [
        customer,
        other,
    ]
    assert "41234 Äldreboendet Solgården</strong>, Solvägen 3, 901 10 Umeå" in text
    assert "Någon annans kund" not in text
    assert text.count('type="radio"') == 2


def test_choosing_sets_payer_and_address_and_goes_to_the_lines(
    client, prescriber, other, draft
):
    client.force_login(prescriber)

    response = client.post(url("order_customer", draft.pk), {"customer": other.pk})

    assert response["Location"] == url("order_lines", draft.pk)
    draft.refresh_from_db()
    assert draft.customer == other
    assert draft.payer.betalarid == "22222"
    assert draft.street == "Solvägen 3"
    assert draft.address_name == "Äldreboendet Solgården"


@pytest.mark.parametrize("value", ["", "abc", "unauthorised"])
def test_a_customer_not_in_the_list_is_a_form_error(client, prescriber, draft, value):
    if value == "unauthorised":
        value = CustomerFactory().pk
    client.force_login(prescriber)

    response = client.post(url("order_customer", draft.pk), {"customer": value})

    assert response.status_code == 200
    [error] = response.context["form"].errors["customer"]
    assert error in ("Välj en kund.", "Välj en av kunderna i listan.")
    draft.refresh_from_db()
    assert draft.customer is None


def test_a_colleague_and_an_outsider_get_404(client, colleague, outsider, draft):
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(url("order_customer", draft.pk)).status_code == 404
        assert client.post(url("order_customer", draft.pk), {}).status_code == 404


def test_the_lines_wait_for_the_customer(client, prescriber, draft):
    client.force_login(prescriber)

    response = client.get(url("order_lines", draft.pk))

    assert response["Location"] == url("order_customer", draft.pk)

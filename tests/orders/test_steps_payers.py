"""Förteckning över kundid och betalarid."""

from tests.factories import CustomerFactory, DraftOrderFactory, PayerFactory

from .steps_helpers import queries, url


def test_customers_with_their_default_payers_sorted_by_kundid(client, prescriber):
    # Outside the factory's sequence (40000 + n), which would reuse them.
    CustomerFactory(kundid="95000", name="Vårdcentralen Ersboda")
    CustomerFactory(
        kundid="91000",
        name="Hemtjänst Norr",
        default_payer=PayerFactory(betalarid="33333", name="Region Västerbotten"),
    )
    client.force_login(prescriber)
    few, _response = queries(lambda: client.get(url("payer_list")))
    for _number in range(30):
        CustomerFactory()

    many, response = queries(lambda: client.get(url("payer_list")))

    text = response.content.decode()
    customers = list(response.context["customers"])
    assert [c.kundid for c in customers] == sorted(c.kundid for c in customers)
    assert (
        "<td>91000</td><td>Hemtjänst Norr</td><td>33333</td>"
        "<td>Region Västerbotten</td>" in text
    )
    assert "<caption>" in text
    assert len(customers) == 33
    assert many == few


def test_the_order_pages_link_to_it(client, prescriber):
    draft = DraftOrderFactory(prescriber=prescriber)
    client.force_login(prescriber)

    text = client.get(url("order_lines", draft.pk)).content.decode()

    assert f'href="{url("payer_list")}"' in text

"""Registrera arbetsorder: from a delivered aid (its page and the
individual card) and from a line of an executed customer order. Bad input
is answered next to the field with nothing lost; Verkställ twice makes one
work order."""

import re
import uuid

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from aids.choices import AddressChoice
from aids.recipients import Recipient
from orders.choices import OrderKind
from orders.services import add_line, execute_order, settle_basket, start_order
from pickups.models import PickupReason
from pickups.services import create_pickup
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    OrderLineFactory,
    PersonFactory,
    StockBalanceFactory,
    UserFactory,
)
from tests.orders.upload_files import upload
from warehouse.models import LocalStoreCustomer, Warehouse
from workorders.models import WorkOrder

from .conftest import make_work_order


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_url(holding):
    return reverse("workorder_new_for_holding", args=[holding.person_id, holding.pk])


def form_data(page, **fields):
    """What the browser sends: the page's token and the typed fields."""
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return {
        "token": token,
        "kind": "repair",
        "address_choice": "recipient",
        "phone": "070-123 45 67",
        "description": "Bromsen tar inte.",
        **fields,
    }


def test_the_form_shows_the_recipient_the_aid_and_the_types(logged_in, wheelchair):
    page = logged_in.get(new_url(wheelchair))
    text = page.text
    assert "Karin Berg" in text
    assert "17950 Rullstol Etac" in text
    assert "I123456" in text
    for kind in ("Anpassning", "Reparation AU", "Specialanpassning"):
        assert kind in text
    assert "kopplad till kundorder" not in text
    assert "För att avhjälpa fel eller driftstörning" in text
    assert "ritningar, foton och skisser bifogas som filer" in text
    # The recipient's address is proposed, the customer's offered.
    assert "Mottagarens adress: Karin Berg, Skolgatan 12, 903 25 Umeå" in text
    assert "Kundens adress: Hemtjänst" in text
    assert page.headers["Cache-Control"].startswith("max-age=0")
    assert AccessLog.objects.filter(person_id=str(wheelchair.person_id)).exists()


def test_verkstall_registers_and_shows_the_number(logged_in, prescriber, wheelchair):
    page = logged_in.get(new_url(wheelchair))
    response = logged_in.post(
        new_url(wheelchair),
        {**form_data(page), "files": [upload("foto.jpg")]},
        follow=True,
    )
    work_order = WorkOrder.objects.get()
    assert response.redirect_chain == [
        (reverse("workorder_detail", args=[work_order.pk]), 302)
    ]
    assert f"Arbetsordern är registrerad med nummer {work_order.number}" in (
        response.text
    )
    assert work_order.prescriber == prescriber
    assert work_order.street == "Skolgatan 12"
    assert work_order.attachments.get().original_name == "foto.jpg"


def test_an_aid_with_an_open_pickup_is_warned_about_but_allowed(
    logged_in, prescriber, customer, wheelchair
):
    reason = PickupReason.objects.get_or_create(name="Behovet upphört")[0]
    pickup = create_pickup(
        uuid.uuid4(),
        prescriber,
        wheelchair.person,
        customer,
        holding_ids=[wheelchair.pk],
        reason=reason,
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )
    warning = f"Hjälpmedlet har en öppen hämtorder {pickup.number}."

    page = logged_in.get(new_url(wheelchair))
    response = logged_in.post(new_url(wheelchair), form_data(page))

    assert warning in page.text
    assert response.status_code == 302
    assert WorkOrder.objects.count() == 1


def test_an_aid_without_an_open_pickup_has_no_warning(logged_in, wheelchair):
    assert "öppen hämtorder" not in logged_in.get(new_url(wheelchair)).text


def test_verkstall_twice_makes_one_work_order(logged_in, wheelchair):
    data = form_data(logged_in.get(new_url(wheelchair)))
    first = logged_in.post(new_url(wheelchair), data)
    second = logged_in.post(new_url(wheelchair), data)
    assert first.url == second.url
    assert WorkOrder.objects.count() == 1


@pytest.mark.parametrize("owner", ["colleague", "prescriber"])
def test_a_token_that_is_another_work_orders_id_gets_a_fresh_form(
    logged_in, request, person, customer, wheelchair, owner
):
    """Someone else's work order, or the user's own for another aid: refused
    without showing it, and the form sent again registers."""
    user = request.getfixturevalue(owner)
    other_aid = HoldingFactory(person=person, customer=customer)
    theirs = make_work_order(user, wheelchair if owner == "colleague" else other_aid)
    data = form_data(logged_in.get(new_url(wheelchair)), token=str(theirs.pk))

    response = logged_in.post(new_url(wheelchair), data)

    assert response.status_code == 200
    assert "Formuläret har redan skickats" in response.text
    assert theirs.number not in response.text
    fresh = response.context["form"]["token"].value()
    assert fresh != str(theirs.pk)
    again = logged_in.post(new_url(wheelchair), {**data, "token": fresh})
    assert again.url == reverse("workorder_detail", args=[fresh])
    assert WorkOrder.objects.get(pk=fresh).holding == wheelchair


def test_a_typed_address_for_a_school(logged_in, wheelchair):
    page = logged_in.get(new_url(wheelchair))
    logged_in.post(
        new_url(wheelchair),
        form_data(
            page,
            address_choice="other",
            other_name="Ersboda skola",
            other_street="Gammliavägen 3",
            other_postal_code="90326",
            other_city="Umeå",
        ),
    )
    assert WorkOrder.objects.get().address == (
        "Ersboda skola, Gammliavägen 3, 903 26 Umeå"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"description": ""}, "description", "Skriv en felbeskrivning."),
        ({"phone": "ring mig"}, "phone", "Ange ett svenskt telefonnummer"),
        ({"phone": "070-12"}, "phone", "Ange ett svenskt telefonnummer"),
        ({"kind": "polering"}, "kind", "Välj en av typerna i listan."),
        ({"kind": "with_order"}, "kind", "Välj en av typerna i listan."),
        ({"address_choice": "other"}, "other_street", "Ange gatuadress"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    logged_in, wheelchair, fields, field, message
):
    page = logged_in.get(new_url(wheelchair))
    data = form_data(page, other_city="Vännäs", **fields)
    response = logged_in.post(new_url(wheelchair), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.text
    assert "Vännäs" in response.text
    assert "070-123 45 67" in response.text or field == "phone"
    assert not WorkOrder.objects.exists()


def test_a_bad_file_is_refused_and_the_typed_text_kept(logged_in, wheelchair):
    page = logged_in.get(new_url(wheelchair))
    response = logged_in.post(
        new_url(wheelchair),
        {
            **form_data(page, description="Ryggen glappar."),
            "files": [upload("foto.png", b"MZ\x90 inte en bild")],
        },
    )
    assert response.status_code == 200
    assert "Filen foto.png är inte vad filändelsen säger" in response.text
    assert "Ryggen glappar." in response.text
    assert not WorkOrder.objects.exists()


def test_with_several_customers_the_customer_is_chosen(client, wheelchair, customer):
    other = CustomerFactory(name="Hemtjänst Söder")
    user = UserFactory(customers=[customer, other])
    client.force_login(user)
    page = client.get(new_url(wheelchair))
    assert "Hemtjänst Söder" in page.text
    response = client.post(new_url(wheelchair), form_data(page))
    assert "Välj kund." in response.text
    response = client.post(
        new_url(wheelchair), form_data(page, customer=CustomerFactory().pk)
    )
    assert "Välj en av dina kunder i listan." in response.text
    assert not WorkOrder.objects.exists()
    client.post(
        new_url(wheelchair),
        form_data(page, customer=other.pk, address_choice="customer"),
    )
    work_order = WorkOrder.objects.get()
    assert work_order.customer == other
    assert work_order.address_name == "Hemtjänst Söder"


def test_an_aid_not_delivered_or_returned_has_no_form(logged_in, person, wheelchair):
    # The wheelchair, ordered through the prescriber's customer, makes the
    # care relationship.
    waiting = HoldingFactory(person=person, delivered_on=None)
    returned = HoldingFactory(person=person, returned_on="2026-01-05")
    assert logged_in.get(new_url(waiting)).status_code == 404
    assert logged_in.get(new_url(returned)).status_code == 404


def test_the_aid_pages_link_to_the_form(logged_in, wheelchair):
    holding_page = logged_in.get(
        reverse("recipient_holding", args=[wheelchair.person_id, wheelchair.pk])
    )
    card = logged_in.get(reverse("individual_card", args=["I123456"]))
    aids = logged_in.get(reverse("recipient_aids", args=[wheelchair.person_id]))
    assert new_url(wheelchair) in holding_page.text
    assert new_url(wheelchair) in card.text
    assert reverse("recipient_workorders", args=[wheelchair.person_id]) in aids.text
    assert reverse("workorder_index") in aids.text


@pytest.fixture
def placed_line(prescriber):
    line = OrderLineFactory(order=DraftOrderFactory(prescriber=prescriber))
    execute_order(line.order, prescriber)
    line.refresh_from_db()
    return line


def line_url(line):
    return reverse("workorder_new_for_line", args=[line.order_id, line.pk])


def test_the_order_pages_link_each_line_to_a_work_order(logged_in, placed_line):
    for name in ("order_confirmation", "order_detail"):
        page = logged_in.get(reverse(name, args=[placed_line.order_id]))
        assert line_url(placed_line) in page.text


def test_a_work_order_with_the_customer_order(logged_in, placed_line):
    page = logged_in.get(line_url(placed_line))
    assert "Arbetsorder kopplad till kundorder" in page.text
    assert "Reparation AU" not in page.text
    assert re.search(r'value="with_order"[^>]*checked', page.text)
    logged_in.post(line_url(placed_line), form_data(page, kind="with_order"))
    work_order = WorkOrder.objects.get()
    assert work_order.order_line == placed_line
    assert work_order.holding == placed_line.holding


def test_a_settled_basket_lines_work_order_is_for_the_patient_who_got_it(
    logged_in, prescriber, customer
):
    store = Warehouse.objects.get(code="402")
    LocalStoreCustomer.objects.create(warehouse=store, customer=customer)
    article = ArticleFactory()
    StockBalanceFactory(warehouse=store, article=article, on_hand=1)
    basket = start_order(prescriber, Recipient(), kind=OrderKind.BASKET, store=store)
    [line] = add_line(basket, article)
    basket = execute_order(basket, prescriber)
    patient = PersonFactory()
    settle_basket(
        basket, prescriber, patient, deliveries={line: customer.default_payer}
    )

    page = logged_in.get(line_url(line))
    logged_in.post(line_url(line), form_data(page, kind="with_order"))

    assert str(patient) in page.text
    assert WorkOrder.objects.get().person == patient


def test_someone_elses_order_line_is_a_404(client, outsider, placed_line):
    client.force_login(outsider)
    assert client.get(line_url(placed_line)).status_code == 404


def test_a_protected_identity_is_offered_no_recipient_address(
    logged_in, wheelchair, person
):
    person.protected_identity = True
    person.save()

    form = logged_in.get(new_url(wheelchair)).context["form"]

    assert [value for value, _ in form.fields["address_choice"].choices] == [
        "customer",
        "other",
    ]
    assert person.street not in str(form)

"""Leverans: the page, its proposed values, the address choices, Spara
ändringar, and every field's bad input answered next to the field with
nothing lost and nothing saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from aids.choices import AddressChoice
from aids.models import RecipientDetails
from orders.choices import OrderStatus
from orders.models import Order

from ..aids.recipient_helpers import (
    assert_no_personnummer,
    log_in_caring_for,
    views_logged,
)
from ..factories import (
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
    PersonFactory,
    RecipientDetailsFactory,
)
from .delivery_helpers import delivery_url, draft_with_lines, execute_data, form_data


@pytest.fixture
def order(prescriber):
    return draft_with_lines(prescriber)


def test_the_page_proposes_the_saved_details_and_the_customers_address(
    client, prescriber, order
):
    RecipientDetailsFactory(
        person=order.person, phone="070-765 43 21", door_code="4711"
    )
    client.force_login(prescriber)

    response = client.get(delivery_url(order))

    assert response.status_code == 200
    page = response.text
    assert 'value="070-765 43 21"' in page
    # Not the recipient's door code: the customer's address is chosen.
    assert 'value="4711"' not in page
    assert "Ring på hos grannen." in page
    assert f"Kundens adress: {order.customer.name}, Storgatan 1, 903 25 Umeå" in page
    assert f"Mottagarens adress: {order.person}, Skolgatan 12" in page
    assert "Annan adress (gäller bara denna order)" in page
    assert 'id="id_joint_delivery" checked' in page
    assert "Anpassning eller montering av tillbehör beställs som Arbetsorder" in page
    assert "Det kommer vanligtvis fram en arbetsdag senare." in page
    assert reverse("order_cancel_draft", args=[order.pk]) in page
    assert "no-store" in response["Cache-Control"]
    assert views_logged(order.person).get().user == prescriber
    assert_no_personnummer(response, order.person.personnummer)


def test_samleverans_is_ticked_and_the_customers_address_chosen(
    client, prescriber, order
):
    client.force_login(prescriber)

    form = client.get(delivery_url(order)).context["form"]

    assert form["joint_delivery"].value() is True
    assert form["address_choice"].value() == AddressChoice.CUSTOMER


def test_verkstall_is_the_first_submit_button_so_enter_executes(
    client, prescriber, order
):
    client.force_login(prescriber)

    page = client.get(delivery_url(order)).text

    first_submit = page.index('type="submit" name=')
    assert page[first_submit:].startswith('type="submit" name="execute"')
    assert page.index('name="execute"') < page.index('name="save"')


def test_the_journal_text_is_selectable_without_javascript(client, prescriber, order):
    line = order.lines.get()
    client.force_login(prescriber)

    page = client.get(delivery_url(order)).text

    textarea = page[page.index('<textarea id="journal-text"') :]
    assert "readonly" in textarea[: textarea.index(">")]
    assert f"{line.article.article_no} {line.article.name}, 1 st" in textarea
    assert (
        'class="btn btn-outline-secondary js-copy" data-copy="journal-text" hidden'
        in (page)
    )


def test_the_lines_are_summarised_with_unit_and_payer(client, prescriber, order):
    line = order.lines.get()
    client.force_login(prescriber)

    page = client.get(delivery_url(order)).text

    assert line.article.name in page
    assert "<td>1 st</td>" in page
    assert f"<td>{order.payer}</td>" in page


def test_a_patient_with_protected_identity_has_no_address_offered(client, prescriber):
    person = PersonFactory(protected_identity=True, street="Hemliga vägen 1")
    order = draft_with_lines(prescriber, person=person)
    client.force_login(prescriber)

    page = client.get(delivery_url(order)).text
    response = client.post(delivery_url(order), form_data(address_choice="recipient"))

    assert "Mottagarens adress" not in page
    assert "Hemliga vägen" not in page
    assert response.status_code == 200
    assert "Välj en av adresserna i listan." in response.text
    order.refresh_from_db()
    assert order.address_choice == AddressChoice.CUSTOMER


def test_a_care_units_address_is_the_recipients_address(client, prescriber, customer):
    care_unit = CustomerFactory(street="Vårdvägen 3", postal_code="901 85", city="Umeå")
    order = DraftOrderFactory(prescriber=prescriber, person=None, care_unit=care_unit)
    OrderLineFactory(order=order)
    client.force_login(prescriber)

    response = client.post(delivery_url(order), form_data(address_choice="recipient"))

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.address_choice == AddressChoice.RECIPIENT
    assert order.address == f"{care_unit.name}, Vårdvägen 3, 901 85 Umeå"


def test_the_recipients_address_is_copied_onto_the_order(client, prescriber, order):
    client.force_login(prescriber)

    client.post(delivery_url(order), form_data(address_choice="recipient"))

    order.refresh_from_db()
    assert order.address == f"{order.person}, Skolgatan 12, 903 25 Umeå"


def test_another_address_is_kept_on_this_order_only(client, prescriber, order):
    client.force_login(prescriber)
    customer_before = (order.customer.street, order.customer.city)

    response = client.post(
        delivery_url(order),
        form_data(
            address_choice="other",
            other_name="c/o Lind",
            other_street="Sommarvägen 4",
            other_postal_code="93132",
            other_city="Skellefteå",
        ),
        follow=True,
    )

    assert response.redirect_chain == [(delivery_url(order), 302)]
    assert "Ändringarna är sparade." in response.text
    order.refresh_from_db()
    assert order.address_choice == AddressChoice.OTHER
    assert order.address == "c/o Lind, Sommarvägen 4, 931 32 Skellefteå"
    order.customer.refresh_from_db()
    order.person.refresh_from_db()
    assert (order.customer.street, order.customer.city) == customer_before
    assert order.person.street == "Skolgatan 12"
    assert not RecipientDetails.objects.exists()
    # Shown again as typed when the page is opened anew.
    assert 'value="Sommarvägen 4"' in response.text


def test_saving_keeps_the_typed_fields_on_the_draft(client, prescriber, order):
    client.force_login(prescriber)

    client.post(
        delivery_url(order),
        form_data(
            delivery_phone="090-10 20 30",
            door_code="1966",
            instructions="Lämna i förrådet.",
            joint_delivery=None,
            contact_person="Eva Lind 070-222 33 44",
            other_information="Hiss saknas.",
        ),
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    assert order.recipient_phone == "070-111 22 33"
    assert order.delivery_phone == "090-10 20 30"
    assert order.door_code == "1966"
    assert order.instructions == "Lämna i förrådet."
    assert order.joint_delivery is False
    assert order.contact_person == "Eva Lind 070-222 33 44"
    assert order.other_information == "Hiss saknas."


def test_the_recipients_phone_is_saved_only_when_ticked(client, prescriber, order):
    RecipientDetailsFactory(person=order.person, phone="070-765 43 21")
    log_in_caring_for(client, prescriber, order.person)

    client.post(delivery_url(order), form_data(recipient_phone="070-000 00 01"))
    unticked = RecipientDetails.objects.get(person=order.person).phone
    client.post(
        delivery_url(order),
        form_data(recipient_phone="070-000 00 02", save_recipient_phone="on"),
    )

    assert unticked == "070-765 43 21"
    details = RecipientDetails.objects.get(person=order.person)
    assert details.phone == "070-000 00 02"
    # Only the phone: the saved door code and instructions stay.
    assert (details.door_code, details.instructions) == ("1234", "Ring på hos grannen.")
    assert views_logged(order.person, AccessAction.CHANGE).count() == 1
    order.refresh_from_db()
    assert order.recipient_phone == "070-000 00 02"


def test_a_ticked_phone_creates_the_recipients_details(client, prescriber, order):
    log_in_caring_for(client, prescriber, order.person)

    client.post(
        delivery_url(order),
        form_data(recipient_phone="070-000 00 03", save_recipient_phone="on"),
    )

    assert RecipientDetails.objects.get(person=order.person).phone == "070-000 00 03"


def test_the_recipients_phone_is_not_saved_without_a_care_relationship(
    client, prescriber, order
):
    """A draft started in an earlier session: the relationship confirmed
    then has ended with that session."""
    client.force_login(prescriber)

    response = client.post(
        delivery_url(order),
        form_data(recipient_phone="070-000 00 04", save_recipient_phone="on"),
    )

    assert response.status_code == 200
    assert "bara ändras av den som har en vårdrelation" in response.text
    assert not RecipientDetails.objects.exists()
    order.refresh_from_db()
    assert order.recipient_phone != "070-000 00 04"


TOO_LONG = "x" * 1001


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"recipient_phone": "ring mig"},
            "recipient_phone",
            "Ange ett svenskt telefonnummer",
        ),
        (
            {"delivery_phone": "070-12"},
            "delivery_phone",
            "Ange ett svenskt telefonnummer",
        ),
        ({"address_choice": ""}, "address_choice", "Välj leveransadress."),
        (
            {"address_choice": "mars"},
            "address_choice",
            "Välj en av adresserna i listan.",
        ),
        (
            {"address_choice": "other", "other_street": "Sommarvägen 4"},
            "other_name",
            "Ange namn/c/o för den andra adressen.",
        ),
        (
            {"address_choice": "other", "other_name": "Lind"},
            "other_street",
            "Ange gatuadress för den andra adressen.",
        ),
        (
            {"address_choice": "other", "other_name": "Lind"},
            "other_postal_code",
            "Ange postnummer för den andra adressen.",
        ),
        (
            {"address_choice": "other", "other_name": "Lind"},
            "other_city",
            "Ange ort för den andra adressen.",
        ),
        (
            {"address_choice": "other", "other_postal_code": "9031"},
            "other_postal_code",
            "Ange postnumret med 5 siffror",
        ),
        ({"other_postal_code": "abcde"}, "other_postal_code", "5 siffror"),
        ({"door_code": "x" * 51}, "door_code", "som mest 50 tecken"),
        ({"instructions": "x" * 501}, "instructions", "som mest 500 tecken"),
        ({"contact_person": "x" * 201}, "contact_person", "som mest 200 tecken"),
        ({"other_information": TOO_LONG}, "other_information", "som mest 1000 tecken"),
        ({"other_city": "x" * 101}, "other_city", "som mest 100 tecken"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_lost(
    client, prescriber, order, changes, field, message
):
    client.force_login(prescriber)
    data = form_data(
        door_code="1966", contact_person="Eva Lind", other_information="Hiss saknas."
    )
    data.update(changes)
    before = Order.objects.values().get(pk=order.pk)

    response = client.post(delivery_url(order), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    page = response.text
    assert f'id="error_1_id_{field}"' in page
    assert message.replace("/", "&#x2F;") in page or message in page
    assert "Rätta de markerade fälten" in page
    assert 'id="id_joint_delivery" checked' in page
    for name, value in data.items():
        if (
            not value
            or name in ("save", "address_choice", "joint_delivery")
            or len(value) > 100
        ):
            continue
        assert f'value="{value}"' in page or f"{value}</textarea>" in page, name
    assert Order.objects.values().get(pk=order.pk) == before


@pytest.mark.parametrize("user", ["colleague", "outsider", "staff"])
def test_someone_elses_draft_is_not_found(client, request, order, user):
    client.force_login(request.getfixturevalue(user))

    get = client.get(delivery_url(order))
    post = client.post(delivery_url(order), form_data(other_information="Mitt"))

    assert (get.status_code, post.status_code) == (404, 404)
    order.refresh_from_db()
    assert order.other_information == ""


def test_a_draft_without_customer_goes_back_to_the_customer_step(client, prescriber):
    order = draft_with_lines(prescriber, customer=None, address_name="")
    client.force_login(prescriber)

    response = client.get(delivery_url(order))

    assert response["Location"] == reverse("order_customer", args=[order.pk])


def test_the_recipients_door_code_goes_only_to_the_recipients_address(
    client, prescriber, order
):
    RecipientDetailsFactory(person=order.person, door_code="4711")
    client.force_login(prescriber)
    Order.objects.filter(pk=order.pk).update(address_choice=AddressChoice.RECIPIENT)

    proposed = client.get(delivery_url(order)).text
    client.post(delivery_url(order), form_data(door_code="4711"))
    order.refresh_from_db()
    to_the_customer = order.door_code
    client.post(
        delivery_url(order),
        form_data(
            address_choice="other",
            other_name="c/o Lind",
            other_street="Sommarvägen 4",
            other_postal_code="93132",
            other_city="Skellefteå",
            door_code="1234",
        ),
    )
    order.refresh_from_db()

    assert 'value="4711"' in proposed
    assert to_the_customer == ""
    # A code typed for the other address is that address's own.
    assert order.door_code == "1234"


def test_a_draft_without_lines_goes_back_to_the_lines(client, prescriber):
    order = DraftOrderFactory(prescriber=prescriber)
    client.force_login(prescriber)

    page = client.get(delivery_url(order), follow=True)
    executed = client.post(delivery_url(order), execute_data())

    lines = reverse("order_lines", args=[order.pk])
    assert page.redirect_chain == [(lines, 302)]
    assert "Lägg till minst en orderrad före Leverans." in page.text
    assert executed["Location"] == lines
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT


def test_the_query_count_does_not_grow_with_the_lines(
    client, prescriber, django_assert_max_num_queries
):
    one, fifty = draft_with_lines(prescriber, 1), draft_with_lines(prescriber, 50)
    client.force_login(prescriber)
    with CaptureQueriesContext(connection) as for_one:
        client.get(delivery_url(one))

    with django_assert_max_num_queries(len(for_one)):
        response = client.get(delivery_url(fifty))

    assert response.text.count("<td>1 st</td>") == 50


@pytest.mark.parametrize(
    ("topic", "heading"),
    [
        ("order_delivery", "Hjälp: Leverans"),
        ("order_cancel_draft", "Hjälp: Avbryt beställningen"),
    ],
)
def test_the_pages_have_their_own_help(client, prescriber, order, topic, heading):
    client.force_login(prescriber)

    page = client.get(reverse(topic, args=[order.pk])).text
    help_page = client.get(reverse("help", args=[topic])).text

    assert reverse("help", args=[topic]) in page
    assert heading in help_page

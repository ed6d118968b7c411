"""Nothing is ordered for a deceased patient: refused when the recipient is
chosen (the order page and Beställ from the aids page) and again at
Verkställ, by the services as well as the pages, pointing to Hämtorder."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from aids.recipients import Recipient
from orders.choices import OrderStatus
from orders.services import execute_order, start_order
from tests.factories import HoldingFactory, PersonFactory

from .delivery_helpers import delivery_url, draft_with_lines, execute_data
from .steps_helpers import drafts, texts, url

REFUSAL = (
    "Patienten är avliden. Beställning kan inte göras; använd Hämtorder för att "
    "hämta hjälpmedlen."
)


@pytest.fixture
def deceased(prescriber):
    """A patient of the prescriber's customer (a held aid) who has died."""
    person = PersonFactory(personnummer="194001012386", deceased_on=date(2026, 3, 1))
    HoldingFactory(person=person, customer=prescriber.customers.get())
    return person


def test_the_order_page_refuses_the_personnummer(logged_in, prescriber, deceased):
    response = logged_in.post(
        url("order_new"),
        {
            "recipient_type": "patient",
            "personnummer": "194001012386",
            "token": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["personnummer"] == [REFUSAL]
    assert 'value="194001012386"' in response.text
    assert drafts(prescriber) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_bestall_from_the_aids_page_sends_back_to_them(
    logged_in, prescriber, deceased, method
):
    response = getattr(logged_in, method)(url("order_new_for", deceased.pk))

    assert response["Location"] == url("recipient_aids", deceased.pk)
    assert texts(response) == [REFUSAL]
    assert drafts(prescriber) == []


def test_verkstall_is_refused_for_a_patient_deceased_since_the_draft(
    logged_in, prescriber, deceased
):
    order = draft_with_lines(prescriber, person=deceased)

    page = logged_in.get(delivery_url(order))
    response = logged_in.post(delivery_url(order), execute_data())

    assert REFUSAL in page.context["problems"]
    assert response.status_code == 200
    assert REFUSAL in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT and order.number is None


def test_the_services_refuse(prescriber, deceased):
    with pytest.raises(ValidationError) as refused:
        start_order(prescriber, Recipient(person=deceased))
    assert refused.value.code == "deceased"
    assert drafts(prescriber) == []

    with pytest.raises(ValidationError, match="Patienten är avliden"):
        execute_order(draft_with_lines(prescriber, person=deceased), prescriber)

"""The order page and the confirmation after Verkställ: who may see them,
what they show, the access log, and a query count that does not grow."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AccessAction
from orders.choices import LineStatus, OrderStatus
from orders.models import OrderLine
from orders.services import mark_picked, ship_line

from ..aids.recipient_helpers import views_logged
from .placed_helpers import placed_order

PAGES = ["order_detail", "order_confirmation"]
DELIVERY_SENTENCE = (
    "Leveransdatum är den dag då hjälpmedlet skickas från Hjälpmedel "
    "Västerbottens huvudlager. Vanligtvis anländer hjälpmedlet en arbetsdag senare."
)


@pytest.fixture
def order(prescriber):
    return placed_order(
        prescriber,
        door_code="4711",
        instructions="Ring på hos grannen.",
        contact_person="Anna Ek",
        other_information="Lämnas i förrådet.",
    )


def get(client, user, name, order):
    client.force_login(user)
    return client.get(reverse(name, args=[order.pk]))


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["prescriber", "colleague", "staff"])
def test_the_customers_prescribers_and_staff_see_the_order(
    client, request, order, name, persona
):
    response = get(client, request.getfixturevalue(persona), name, order)

    assert response.status_code == 200
    assert order.number in response.text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", [*PAGES, "order_pdf"])
def test_a_prescriber_of_another_customer_gets_a_404(client, outsider, order, name):
    assert get(client, outsider, name, order).status_code == 404


def test_a_draft_has_no_order_page(client, prescriber):
    from tests.factories import DraftOrderFactory

    draft = DraftOrderFactory(prescriber=prescriber)

    assert get(client, prescriber, "order_detail", draft).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_viewing_the_order_is_logged_on_the_patient(client, colleague, order, name):
    get(client, colleague, name, order)

    [entry] = views_logged(order.person)
    assert entry.user == colleague
    assert entry.object_id == str(order.pk)


def test_the_confirmation_shows_dates_recipient_customer_payer_and_delivery(
    client, prescriber, order
):
    line = order.lines.get()

    text = get(client, prescriber, "order_confirmation", order).text

    for shown in [
        order.number,
        timezone.localdate(order.executed_at).isoformat(),
        line.delivery_date.isoformat(),
        DELIVERY_SENTENCE,
        str(order.person),
        order.customer.name,
        str(order.payer),
        "Storgatan 1",
        "4711",
        "Ring på hos grannen.",
        "Anna Ek",
        "Lämnas i förrådet.",
        line.article.article_no,
    ]:
        assert shown in text, shown
    assert reverse("order_pdf", args=[order.pk]) in text
    assert reverse("order_detail", args=[order.pk]) in text
    assert reverse("workorder_new_for_line", args=[order.pk, line.pk]) in text


def test_a_line_with_its_own_payer_shows_it(client, prescriber, order):
    from tests.factories import PayerFactory

    other = PayerFactory(name="Regionens hjälpmedel")
    OrderLine.objects.filter(order=order).update(payer=other)

    text = get(client, prescriber, "order_confirmation", order).text

    assert "Regionens hjälpmedel" in text


def test_the_order_page_shows_each_lines_progress(client, prescriber, staff):
    order = placed_order(prescriber, lines=3)
    first, second, _third = order.lines.order_by("position")
    OrderLine.objects.filter(pk=first.pk).update(quantity=2)
    first.refresh_from_db()
    ship_line(first, 1, staff)
    mark_picked(second, staff)

    response = get(client, prescriber, "order_detail", order)

    statuses = [line.get_status_display() for line in response.context["lines"]]
    assert statuses == ["Dellevererad", "Plockad", "Registrerad"]
    assert "Dellevererad" in response.text
    assert response.context["order"].status == OrderStatus.PARTLY_DELIVERED


def test_the_journal_text_is_on_the_order_page(client, prescriber, order):
    line = order.lines.select_related("article").get()

    text = get(client, prescriber, "order_detail", order).text

    assert "Beställning av hjälpmedel " + order.number in text
    assert f"{line.article.article_no} {line.article.name}, 1" in text
    assert "readonly>Beställning av hjälpmedel" in text


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_grow_with_the_lines(
    client, prescriber, count, django_assert_max_num_queries
):
    order = placed_order(prescriber, lines=count)
    client.force_login(prescriber)
    ContentType.objects.get_for_model(order)
    ContentType.objects.get_for_model(order.person)

    for name in PAGES:
        with django_assert_max_num_queries(10):
            response = client.get(reverse(name, args=[order.pk]))
        assert len(response.context["lines"]) == count


def test_statuses_shown_are_the_glossary_words():
    assert [label for _value, label in LineStatus.choices] == [
        "Registrerad",
        "Plockad",
        "Dellevererad",
        "Levererad",
        "Makulerad",
    ]
    assert AccessAction.VIEW == "view"

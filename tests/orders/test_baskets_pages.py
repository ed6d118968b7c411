"""Öppna varukorgsbeställningar and a basket's settle page, with the
personas: the prescriber, a colleague of the same customer (holiday cover),
an outsider and customer service."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from aids.models import Holding
from orders.choices import LineStatus, OrderStatus
from orders.models import OrderLine
from orders.services import DECEASED, settle_basket

from ..factories import ArticleFactory, HoldingFactory, PayerFactory, PersonFactory
from .basket_helpers import basket, patient_fee, rollator, stocked
from .placed_helpers import placed_order
from .steps_helpers import queries

# Executed on Wednesday 4 March 2026: due Wednesday 11 March.
EXECUTED = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
OVERDUE = datetime(2026, 3, 12, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
INDEX = reverse("basket_index")


@pytest.fixture(autouse=True)
def executed_on_wednesday(time_machine):
    time_machine.move_to(EXECUTED, tick=False)


def settle_url(order):
    return reverse("basket_settle", args=[order.pk])


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def row_with(html, text):
    [row] = [
        row
        for row in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.DOTALL)
        if text in row
    ]
    return row


def field(line, name):
    return f"rad-{line.pk}-{name}"


def lines_of(order):
    return list(order.lines.order_by("position"))


def show(client, order, personnummer, **data):
    return client.post(
        settle_url(order), {"personnummer": personnummer, "visa": "1", **data}
    )


def execute(client, order, personnummer="", shown=None, **data):
    return client.post(
        settle_url(order),
        {
            "personnummer": personnummer,
            "shown": personnummer if shown is None else shown,
            "verkstall": "1",
            **data,
        },
    )


# --- Öppna varukorgsbeställningar -------------------------------------------


def test_the_list_shows_the_users_open_baskets_with_due_date_and_lines_left(
    logged_in, prescriber, colleague, time_machine
):
    walker = rollator(on_hand=10)
    late = basket(prescriber, [walker, walker, walker])
    time_machine.move_to(
        datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )
    recent = basket(prescriber, [walker])
    basket(colleague, [walker])
    closed = basket(prescriber, [walker])
    # Settled: one line gone from the late one, the closed one returned.
    settle_basket(late, prescriber, returns=[lines_of(late)[0]])
    settle_basket(closed, prescriber, returns=lines_of(closed))
    time_machine.move_to(OVERDUE, tick=False)
    # A week idle ends any session.
    logged_in.force_login(prescriber)

    response = logged_in.get(INDEX)

    assert [b.number for b in response.context["baskets"]] == [
        late.number,
        recent.number,
    ]
    html = response.text
    late_row = row_with(html, late.number)
    assert f'href="{settle_url(late)}"' in late_row
    assert "2026-03-11" in late_row
    assert "<td>2</td>" in late_row
    assert '<span class="overdue">Försenad</span>' in late_row
    recent_row = row_with(html, recent.number)
    assert "Försenad" not in recent_row
    assert "2026-03-17" in recent_row
    assert closed.number not in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_costs_the_same_for_many_baskets(
    logged_in, prescriber, count, django_assert_max_num_queries
):
    walker = rollator(on_hand=60)
    for _ in range(count):
        basket(prescriber, [walker, walker])

    # Session and user, the baskets with their lines left.
    # Session and user, the baskets with their lines left, the header's
    # customers.
    with django_assert_max_num_queries(4):
        response = logged_in.get(INDEX)

    assert len(response.context["baskets"]) == count


def test_a_colleague_finds_anothers_basket_by_prescriber_name_and_by_number(
    client, prescriber, colleague, outsider
):
    prescriber.first_name, prescriber.last_name = "Anna", "Lindén"
    prescriber.save()
    order = basket(prescriber, [rollator()])
    basket(outsider, [rollator()], customer=outsider.customers.first())
    client.force_login(colleague)

    by_name = client.get(INDEX, {"q": "lindén anna"})
    by_accentless_part = client.get(INDEX, {"q": "linde"})
    by_number = client.get(INDEX, {"q": order.number[:6]})
    nobody = client.get(INDEX, {"q": "Zakrisson"})

    for response in (by_name, by_accentless_part, by_number):
        assert [b.number for b in response.context["found"]] == [order.number]
        assert "Anna Lindén" in row_with(response.text, order.number)
    assert nobody.context["found"] == []
    assert "Ingen öppen varukorg hittades." in nobody.text


def test_an_outsider_finds_no_basket_of_another_customer(client, prescriber, outsider):
    order = basket(prescriber, [rollator()])
    client.force_login(outsider)

    response = client.get(INDEX, {"q": order.number})

    assert response.context["found"] == []


def test_an_empty_search_is_answered_next_to_the_field(logged_in):
    response = logged_in.get(INDEX, {"q": "  "})

    assert response.context["form"].errors["q"] == [
        "Ange en förskrivare eller ett ordernummer."
    ]


def test_kundorder_links_to_the_open_baskets(logged_in):
    response = logged_in.get(reverse("order_index"))

    assert f'href="{INDEX}"' in response.text


# --- Start page ---------------------------------------------------------------


def test_the_start_page_counts_the_users_open_baskets_in_one_query(
    logged_in, prescriber, colleague
):
    walker = rollator()
    basket(prescriber, [walker])
    basket(prescriber, [walker])
    basket(colleague, [walker])

    response = logged_in.get(reverse("start"))

    assert response.context["attention"]["open_baskets"] == 2
    assert (
        f'<a href="{INDEX}">Du har 2 öppna varukorgsbeställningar</a>' in response.text
    )


def test_the_start_page_says_nothing_without_open_baskets(logged_in):
    response = logged_in.get(reverse("start"))

    assert "varukorgsbeställning" not in response.text


# --- The settle page ----------------------------------------------------------


def test_the_settle_page_shows_the_basket_and_proposes_the_customers_payer(
    logged_in, prescriber, customer
):
    walker, fee = rollator(), patient_fee()
    order = basket(prescriber, [walker, fee])
    first, fee_line = lines_of(order)

    response = logged_in.get(settle_url(order))

    html = response.text
    assert order.number in html
    assert "2026-03-11" in html
    assert str(order.warehouse) in html
    first_row = row_with(html, field(first, "payer"))
    assert first.individual.individual_no in first_row
    assert f'value="{customer.default_payer.betalarid}"' in first_row
    assert customer.default_payer.name in first_row
    fee_row = row_with(html, field(fee_line, "deliver"))
    assert "Betalare: brukaren" in fee_row
    assert field(fee_line, "payer") not in fee_row


@pytest.fixture
def patient(customer):
    """A patient with an aid from the customer: a care relationship."""
    return HoldingFactory(
        person__first_name="Karin", person__last_name="Berg", customer=customer
    ).person


def test_visa_mottagare_shows_the_patient_logged_for_the_baskets_customer(
    logged_in, prescriber, customer, patient
):
    order = basket(prescriber, [rollator()])

    response = show(logged_in, order, patient.personnummer)

    assert response.status_code == 200
    assert "Karin Berg" in response.text
    # Carried to Verkställ in the form, never in a URL.
    assert f'name="shown" value="{patient.personnummer}"' in response.text
    entry = AccessLog.objects.get(person_id=str(patient.pk))
    assert (entry.user, entry.action, entry.customer) == (
        prescriber,
        AccessAction.VIEW,
        customer,
    )
    assert "no-store" in response["Cache-Control"]


def test_a_patient_without_care_relationship_is_asked_for_first(logged_in, prescriber):
    order = basket(prescriber, [rollator()])
    patient = PersonFactory()

    response = show(logged_in, order, patient.personnummer)

    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("care_relationship", args=[patient.pk])
    )
    assert patient.personnummer not in response["Location"]


def test_a_colleague_settles_anothers_basket_for_two_patients(
    client, prescriber, colleague, customer, patient
):
    walker, fee = rollator(), patient_fee()
    order = basket(prescriber, [walker, walker, fee])
    first, second, fee_line = lines_of(order)
    payer = PayerFactory(name="Vårdcentralen Ålidhem")
    client.force_login(colleague)

    shown = show(client, order, patient.personnummer)
    assert "Karin Berg" in shown.text
    done = execute(
        client,
        order,
        patient.personnummer,
        **{field(first, "payer"): payer.betalarid, field(first, "deliver"): "on"},
        **{field(second, "remove"): "on"},
    )

    assert done.status_code == 302
    assert done["Location"] == settle_url(order)
    assert texts(done) == [
        f"Levererat till Karin Berg: rad 1 {walker.article_no} {walker.name} "
        f"({first.individual.individual_no}).",
        f"Återlämnat till förråd 402: rad 2 {walker.article_no} {walker.name} "
        f"({second.individual.individual_no}).",
    ]
    first.refresh_from_db()
    assert (first.status, first.settled_by, first.payer) == (
        LineStatus.DELIVERED,
        colleague,
        payer,
    )
    assert OrderLine.objects.get(pk=second.pk).status == LineStatus.CANCELLED
    page = client.get(settle_url(order))
    assert "Åtgärdad av" in page.text
    assert colleague.get_full_name() in row_with(
        page.text, first.individual.individual_no
    )
    assert "Återlämnad till förrådet" in row_with(
        page.text, second.individual.individual_no
    )

    second_patient = HoldingFactory(customer=customer).person
    show(client, order, second_patient.personnummer)
    last = execute(
        client, order, second_patient.personnummer, **{field(fee_line, "deliver"): "on"}
    )

    assert last["Location"] == INDEX
    assert (
        "Varukorg " + order.number + " har inga öppna rader kvar och är stängd."
        in texts(last)
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    fee_held = Holding.objects.get(person=second_patient, article=fee)
    assert (fee_held.payer, fee_held.patient_pays) == (None, True)


def test_an_outsider_gets_404_and_staff_may_settle(client, prescriber, outsider, staff):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)

    client.force_login(outsider)
    assert client.get(settle_url(order)).status_code == 404
    assert execute(client, order, **{field(line, "remove"): "on"}).status_code == 404

    client.force_login(staff)
    assert client.get(settle_url(order)).status_code == 200
    assert execute(client, order, **{field(line, "remove"): "on"}).status_code == 302
    line.refresh_from_db()
    assert (line.status, line.settled_by) == (LineStatus.CANCELLED, staff)

    closed = client.get(settle_url(order))
    assert "Varukorgen är stängd" in closed.text
    assert 'name="verkstall"' not in closed.text
    row = row_with(closed.text, line.individual.individual_no)
    assert "Återlämnad till förrådet" in row
    assert staff.get_full_name() in row


def test_another_order_is_no_basket_page(logged_in, prescriber):
    order = placed_order(prescriber)

    assert logged_in.get(settle_url(order)).status_code == 404


def test_a_bad_checksum_is_answered_next_to_the_field_with_everything_kept(
    logged_in, prescriber
):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)
    payer = PayerFactory()

    response = execute(
        logged_in,
        order,
        "19400101-0001",
        **{field(line, "payer"): payer.betalarid, field(line, "deliver"): "on"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "personnummer" in form.errors
    html = response.text
    assert 'value="19400101-0001"' in html
    assert form.errors["personnummer"][0] in html
    row = row_with(html, field(line, "payer"))
    assert f'value="{payer.betalarid}"' in row
    assert "checked" in row_with(html, field(line, "deliver"))
    assert payer.name in row
    assert not Holding.objects.filter(order_line__isnull=False).exists()


def test_an_unknown_person_and_a_deceased_one_are_refused_next_to_the_field(
    logged_in, prescriber
):
    order = basket(prescriber, [rollator()])
    deceased = PersonFactory(deceased_on=date(2026, 2, 1))

    unknown = show(logged_in, order, "194001012386")
    dead = show(logged_in, order, deceased.personnummer)

    assert unknown.context["form"].errors["personnummer"] == [
        "Det finns ingen person med det personnumret i folkbokföringen."
    ]
    assert dead.context["form"].errors["personnummer"] == [DECEASED]
    assert deceased.last_name not in dead.text


def test_a_missing_payer_is_answered_next_to_the_line(logged_in, prescriber, patient):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)

    response = execute(
        logged_in,
        order,
        patient.personnummer,
        **{field(line, "payer"): "", field(line, "deliver"): "on"},
    )

    assert response.status_code == 200
    assert "Ange betalare för raden som ska levereras." in row_with(
        response.text, field(line, "payer")
    )
    assert "Karin Berg" in response.text
    assert not Holding.objects.filter(order_line__isnull=False).exists()


def test_an_unknown_payer_is_answered_next_to_the_line(logged_in, prescriber, patient):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)

    response = execute(
        logged_in,
        order,
        patient.personnummer,
        **{field(line, "payer"): "99999", field(line, "deliver"): "on"},
    )

    assert "Det finns ingen betalare med nummer 99999." in row_with(
        response.text, field(line, "payer")
    )
    assert 'value="99999"' in response.text


def test_nothing_ticked_is_answered_at_the_top(logged_in, prescriber):
    order = basket(prescriber, [rollator()])

    response = execute(logged_in, order)

    assert response.context["form"].non_field_errors() == [
        "Markera Leverans eller Ta bort på minst en rad."
    ]
    assert 'role="alert"' in response.text


def test_verkstall_without_visa_mottagare_asks_for_it(logged_in, prescriber, patient):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)

    response = execute(
        logged_in,
        order,
        patient.personnummer,
        shown="",
        **{
            field(line, "payer"): PayerFactory().betalarid,
            field(line, "deliver"): "on",
        },
    )

    assert response.context["form"].errors["personnummer"] == [
        "Tryck Visa mottagare och kontrollera vem det är innan du verkställer."
    ]
    assert "Karin Berg" not in response.text


def test_delivering_and_returning_one_line_is_refused(logged_in, prescriber, patient):
    order = basket(prescriber, [rollator()])
    [line] = lines_of(order)

    response = execute(
        logged_in,
        order,
        patient.personnummer,
        **{field(line, "deliver"): "on", field(line, "remove"): "on"},
    )

    assert "Markera antingen Leverans eller Ta bort, inte båda." in row_with(
        response.text, field(line, "remove")
    )


def test_a_line_settled_by_someone_else_meanwhile_is_answered_at_the_top(
    logged_in, prescriber, colleague, patient
):
    walker = rollator()
    order = basket(prescriber, [walker, walker])
    first, second = lines_of(order)
    page = logged_in.get(settle_url(order))
    assert field(first, "remove") in page.text
    settle_basket(order, colleague, returns=[first])

    response = execute(
        logged_in,
        order,
        **{field(first, "remove"): "on", field(second, "remove"): "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Rad 1 är redan åtgärdad av {colleague.get_full_name()}."
    ]
    assert OrderLine.objects.get(pk=second.pk).status == LineStatus.REGISTERED
    assert OrderLine.objects.get(pk=first.pk).settled_by == colleague


def test_the_settle_page_costs_the_same_for_many_lines(logged_in, prescriber):
    stool = ArticleFactory()
    stocked(stool, on_hand=100)
    small = basket(prescriber, [stool])
    large = basket(prescriber, [stool] * 30)

    few, _ = queries(lambda: logged_in.get(settle_url(small)))
    many, response = queries(lambda: logged_in.get(settle_url(large)))

    assert len(response.context["form"].line_forms) == 30
    assert few == many


def test_a_message_about_a_basket_links_to_its_settle_page(prescriber):
    order = basket(prescriber, [rollator()])

    assert order.get_absolute_url() == settle_url(order)


def test_the_order_page_of_a_basket_is_its_settle_page(logged_in, prescriber):
    order = basket(prescriber, [rollator()])

    response = logged_in.get(reverse("order_detail", args=[order.pk]))

    assert response.status_code == 302
    assert response["Location"] == settle_url(order)

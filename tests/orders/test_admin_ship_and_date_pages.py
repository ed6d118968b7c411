"""Customer service's Leverera and Ändra leveransdatum pages of an order in
the admin."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aids.choices import IndividualLocation
from aids.models import Individual
from notices.models import Message
from orders.choices import LineStatus, OrderStatus
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse

from ..factories import (
    ArticleFactory,
    IndividualFactory,
)
from ..notices.message_helpers import assert_message_links_to
from .admin_helpers import change_url, date_url, registered_order, ship_url

pytestmark = pytest.mark.usefixtures("wednesday_morning")


def test_the_ship_page_proposes_the_remaining_quantity_and_the_units(
    staff_client, prescriber, main_warehouse, django_assert_max_num_queries
):
    marked = ArticleFactory(individually_marked=True)
    unit = IndividualFactory(article=marked, warehouse=main_warehouse)
    elsewhere = IndividualFactory(
        article=marked, warehouse=Warehouse.objects.get(code="402")
    )
    order = registered_order(prescriber, (ArticleFactory(), 3, 5), (marked, 1, 1))

    response = staff_client.get(ship_url(order))

    assert response.status_code == 200
    first, second = response.context["forms"]
    assert first["quantity"].value() == 3
    assert "individual" not in first.fields
    assert [value for value, _ in second.fields["individual"].choices] == [
        "",
        unit.individual_no,
    ]
    assert elsewhere.individual_no not in response.text


@pytest.mark.parametrize("count", [1, 20])
def test_the_ship_page_costs_the_same_for_many_lines(
    staff_client, prescriber, count, django_assert_max_num_queries
):
    marked = ArticleFactory(individually_marked=True)
    order = registered_order(
        prescriber, *[(ArticleFactory(), 1, 5) for _ in range(count)], (marked, 1, 1)
    )

    # Session and user, the order with its recipient, its lines, the units,
    # the access log's row.
    with django_assert_max_num_queries(7):
        response = staff_client.get(ship_url(order))

    assert len(response.context["forms"]) == count + 1


def ship_form(order, **per_line):
    """The Leverera form: `per_line` maps a position to its fields; lines
    not named ship nothing."""
    data = {}
    for line in order.lines.all():
        fields = {"quantity": 0} | per_line.get(f"rad{line.position}", {})
        for name, value in fields.items():
            data[f"rad-{line.pk}-{name}"] = value
    return data


def test_staff_ship_all_lines_with_a_chosen_and_a_new_unit(
    staff_client, staff, prescriber, main_warehouse
):
    plain = ArticleFactory()
    marked = ArticleFactory(individually_marked=True)
    unit = IndividualFactory(article=marked, warehouse=main_warehouse)
    order = registered_order(prescriber, (plain, 3, 5), (marked, 1, 2), (marked, 1, 2))

    response = staff_client.post(
        ship_url(order),
        ship_form(
            order,
            rad1={"quantity": 3},
            rad2={"quantity": 1, "individual": unit.individual_no},
            rad3={"quantity": 1, "new_individual": "N-77"},
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    unit.refresh_from_db()
    assert unit.location == IndividualLocation.AT_RECIPIENT
    assert Individual.objects.get(individual_no="N-77").article == marked
    assert set(
        order.lines.values_list("holding__individual__individual_no", flat=True)
    ) == {
        None,
        unit.individual_no,
        "N-77",
    }
    page = staff_client.get(response["Location"])
    assert f"Order {order.number}: 3 rader levererade." in page.text


def test_staff_ship_part_of_an_order(staff_client, prescriber):
    order = registered_order(
        prescriber, (ArticleFactory(), 4, 5), (ArticleFactory(), 1, 5)
    )

    staff_client.post(
        ship_url(order), ship_form(order, rad1={"quantity": 1}) | {"split": "on"}
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_DELIVERED
    first, second = order.lines.order_by("position")
    assert (first.status, first.delivered_quantity) == (LineStatus.PARTLY_DELIVERED, 1)
    assert second.status == LineStatus.REGISTERED
    page = staff_client.get(ship_url(order))
    assert page.context["forms"][0]["quantity"].value() == 3


def test_a_samleverans_order_is_split_only_when_ticked(staff_client, prescriber):
    order = registered_order(
        prescriber, (ArticleFactory(), 2, 5), (ArticleFactory(), 1, 5)
    )
    page = staff_client.get(ship_url(order))

    untouched = staff_client.post(
        ship_url(order), ship_form(order, rad1={"quantity": 2})
    )
    partial = staff_client.post(
        ship_url(order), ship_form(order, rad1={"quantity": 1}, rad2={"quantity": 1})
    )

    assert "Dela leveransen" in page.text
    for response, positions in ((untouched, "2"), (partial, "1")):
        assert response.status_code == 200
        assert (
            f"Ordern har samleverans och rad {positions} levereras inte i sin "
            "helhet nu. Kryssa i Dela leveransen"
        ) in response.text
    assert not order.lines.filter(delivered_quantity__gt=0).exists()

    ticked = staff_client.post(
        ship_url(order), ship_form(order, rad1={"quantity": 2}) | {"split": "on"}
    )

    assert ticked.status_code == 302
    assert order.lines.get(position=1).status == LineStatus.DELIVERED
    assert order.lines.get(position=2).status == LineStatus.REGISTERED


def test_without_samleverans_lines_ship_without_a_tick(staff_client, prescriber):
    order = registered_order(
        prescriber,
        (ArticleFactory(), 1, 5),
        (ArticleFactory(), 1, 5),
        joint_delivery=False,
    )

    page = staff_client.get(ship_url(order))
    response = staff_client.post(
        ship_url(order), ship_form(order, rad1={"quantity": 1})
    )

    assert "Dela leveransen" not in page.text
    assert response.status_code == 302
    assert order.lines.get(position=1).status == LineStatus.DELIVERED


def test_nothing_to_ship_is_answered(staff_client, prescriber):
    order = registered_order(prescriber)

    response = staff_client.post(ship_url(order), ship_form(order))

    assert response.status_code == 200
    assert "Ange antal att leverera på minst en rad." in response.text


def test_form_errors_are_shown_per_line_and_nothing_ships(staff_client, prescriber):
    marked = ArticleFactory(individually_marked=True)
    order = registered_order(prescriber, (ArticleFactory(), 2, 5), (marked, 1, 1))

    response = staff_client.post(
        ship_url(order),
        ship_form(order, rad1={"quantity": 3}, rad2={"quantity": 1}),
    )

    assert response.status_code == 200
    first, second = response.context["forms"]
    assert first.errors["quantity"] == [
        "Kontrollera att detta värde är mindre än eller lika med 2."
    ]
    assert second.non_field_errors() == [
        "Välj en individ i lager eller ange ett nytt individnummer."
    ]
    assert 'value="3"' in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.REGISTERED


def test_a_refused_line_rolls_back_the_others(staff_client, prescriber):
    stocked = ArticleFactory()
    bought = ArticleFactory(lead_time_days=10)
    order = registered_order(prescriber, (stocked, 1, 5), (bought, 1, 0))

    response = staff_client.post(
        ship_url(order),
        ship_form(order, rad1={"quantity": 1}, rad2={"quantity": 1}),
    )

    assert response.status_code == 200
    first, second = response.context["forms"]
    assert not first.errors
    assert second.non_field_errors() == [
        f"Lagret 500 saknar saldo för artikel {bought.article_no}."
    ]
    assert "Inget är levererat." in response.text
    assert not order.lines.exclude(delivered_quantity=0).exists()
    balance = StockBalance.objects.get(article=stocked, warehouse__code=MAIN_WAREHOUSE)
    assert (balance.on_hand, balance.reserved) == (5, 1)


def test_a_unit_at_a_recipient_is_refused_next_to_its_line(staff_client, prescriber):
    marked = ArticleFactory(individually_marked=True)
    held = IndividualFactory(article=marked, location=IndividualLocation.AT_RECIPIENT)
    order = registered_order(prescriber, (marked, 1, 1))

    response = staff_client.post(
        ship_url(order),
        ship_form(order, rad1={"quantity": 1, "new_individual": held.individual_no}),
    )

    (form,) = response.context["forms"]
    assert form.non_field_errors() == [
        f"Individ {held.individual_no} är inte en artikel {marked.article_no} i "
        "lager och kan inte levereras på raden."
    ]


def test_staff_move_a_delivery_date_with_a_reason(staff_client, prescriber):
    order = registered_order(prescriber)
    line = order.lines.get()
    new = date(2026, 12, 16)

    page = staff_client.get(date_url(line))
    response = staff_client.post(
        date_url(line),
        {"delivery_date": new.isoformat(), "reason": "Restnoterad hos leverantören"},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.delivery_date == new
    message = Message.objects.get(recipient=prescriber)
    assert message.body.endswith("Orsak: Restnoterad hos leverantören")
    url = reverse("order_detail", args=[order.pk])
    assert_message_links_to(staff_client, prescriber, url, order.number)


def test_a_date_change_needs_a_reason_and_a_future_date(staff_client, prescriber):
    order = registered_order(prescriber)
    line = order.lines.get()
    old = line.delivery_date

    missing = staff_client.post(
        date_url(line), {"delivery_date": old.isoformat(), "reason": ""}
    )
    past = staff_client.post(
        date_url(line),
        {
            "delivery_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "reason": "Fel",
        },
    )

    assert missing.context["form"].errors == {"reason": ["Detta fält måste fyllas i."]}
    assert past.context["form"].errors == {
        "delivery_date": ["Det nya leveransdatumet kan inte vara passerat."]
    }
    line.refresh_from_db()
    assert line.delivery_date == old
    assert not Message.objects.exists()


def test_a_date_change_refuses_a_day_off_next_to_the_field(staff_client, prescriber):
    order = registered_order(prescriber)
    line = order.lines.get()

    saturday = staff_client.post(
        date_url(line), {"delivery_date": "2026-12-05", "reason": "Sen"}
    )
    christmas_eve = staff_client.post(
        date_url(line), {"delivery_date": "2026-12-24", "reason": "Sen"}
    )

    for response, day in ((saturday, "2026-12-05"), (christmas_eve, "2026-12-24")):
        assert response.context["form"].errors == {
            "delivery_date": [
                f"{day} är inte en arbetsdag. Välj en vardag som inte är helgdag "
                "eller helgafton."
            ]
        }
        assert response.context["form"]["reason"].value() == "Sen"
    assert not Message.objects.exists()


def test_a_samleverans_date_change_moves_the_order_and_says_so(
    staff_client, prescriber
):
    order = registered_order(
        prescriber, (ArticleFactory(), 1, 5), (ArticleFactory(), 1, 5)
    )
    line = order.lines.get(position=2)

    page = staff_client.get(date_url(line))
    response = staff_client.post(
        date_url(line), {"delivery_date": "2026-12-16", "reason": "Sen"}, follow=True
    )

    assert "det nya datumet gäller alla öppna rader" in page.text
    assert (
        "Ordern har samleverans: alla öppna rader (1, 2) levereras nu 2026-12-16."
        in response.text
    )
    assert set(order.lines.values_list("delivery_date", flat=True)) == {
        date(2026, 12, 16)
    }


def test_a_line_of_another_order_is_not_found(staff_client, prescriber):
    order = registered_order(prescriber)
    other = registered_order(prescriber)

    response = staff_client.get(
        reverse(
            "admin:orders_order_delivery_date",
            args=[order.pk, other.lines.get().pk],
        )
    )

    assert response.status_code == 404

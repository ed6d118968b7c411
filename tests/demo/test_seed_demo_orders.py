"""seed_demo's customer orders."""

from io import StringIO

from django.core.management import call_command

from aids.models import Holding, Individual
from notices.models import Message, MessageKind
from orders.choices import OrderKind, OrderStatus
from orders.models import Order


def test_the_demo_patient_has_a_registered_order_to_ship_and_a_draft(seeded):
    order = Order.objects.get(status=OrderStatus.REGISTERED, kind=OrderKind.ORDER)
    draft = Order.objects.get(status=OrderStatus.DRAFT)

    assert order.person == draft.person
    assert order.person.personnummer == "193804120024"
    assert order.prescriber.username == draft.prescriber.username == "anna.lind"
    lines = list(order.lines.select_related("article"))
    assert [line.article.individually_marked for line in lines] == [
        False,
        True,
        False,
    ]
    # Two lines from stock, one bought in: the order waits for the latter.
    assert [line.reserved_quantity for line in lines] == [1, 1, 0]
    assert Holding.objects.filter(order_number=order.number).count() == 3
    assert draft.lines.count() == 1


def test_the_moved_delivery_date_is_a_message_about_the_order(seeded):
    order = Order.objects.get(status=OrderStatus.REGISTERED, kind=OrderKind.ORDER)

    [message] = Message.objects.filter(kind=MessageKind.DELIVERY_DATE)

    assert message.recipient.username == "anna.lind"
    assert message.about == order
    assert message.read_at is None
    assert "Leverantören levererar en vecka senare." in message.body


def test_seeding_again_adds_no_orders(seeded):
    before = list(Order.objects.values_list("pk", "status", "number"))

    call_command("seed_demo", stdout=StringIO())

    assert list(Order.objects.values_list("pk", "status", "number")) == before


def test_per_oberg_has_an_open_basket_from_nus_with_a_patient_fee(seeded):
    basket = Order.objects.get(kind=OrderKind.BASKET)

    assert basket.prescriber.username == "per.oberg"
    assert basket.status == OrderStatus.REGISTERED
    assert (basket.warehouse.code, basket.person, basket.care_unit) == (
        "402",
        None,
        None,
    )
    assert basket.due_on is not None
    articles = list(basket.lines.values_list("article__article_no", flat=True))
    assert articles == ["20003", "20003", "20696", "29001"]
    # The fee is a charge, not stock: only the aids are reserved.
    assert list(basket.lines.values_list("reserved_quantity", flat=True)) == [
        1,
        1,
        1,
        0,
    ]


def test_the_local_stores_have_wheelchairs_on_their_shelves(seeded):
    units = Individual.objects.filter(
        warehouse__code="402", article__article_no="20148"
    )

    assert sorted(units.values_list("individual_no", flat=True)) == [
        "402-20148-1",
        "402-20148-2",
        "402-20148-3",
    ]

"""seed_demo's customer orders."""

from io import StringIO

from django.core.management import call_command

from aids.models import Holding
from orders.choices import OrderStatus
from orders.models import Order


def test_the_demo_patient_has_a_registered_order_to_ship_and_a_draft(seeded):
    order = Order.objects.get(status=OrderStatus.REGISTERED)
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


def test_seeding_again_adds_no_orders(seeded):
    before = list(Order.objects.values_list("pk", "status", "number"))

    call_command("seed_demo", stdout=StringIO())

    assert list(Order.objects.values_list("pk", "status", "number")) == before

"""Shared by the Leverans tests: a draft with lines, the form as the page
sends it, and the page's address."""

from django.urls import reverse

from ..factories import DraftOrderFactory, OrderLineFactory, StockBalanceFactory


def draft_with_lines(prescriber, count=1, **kwargs):
    order = DraftOrderFactory(prescriber=prescriber, **kwargs)
    for _ in range(count):
        line = OrderLineFactory(order=order)
        StockBalanceFactory(article=line.article, on_hand=5)
    return order


def delivery_url(order):
    return reverse("order_delivery", args=[order.pk])


def form_data(**changes):
    """What the page posts with the proposed values; `changes` on top."""
    data = {
        "recipient_phone": "070-111 22 33",
        "address_choice": "customer",
        "other_name": "",
        "other_street": "",
        "other_postal_code": "",
        "other_city": "",
        "delivery_phone": "",
        "door_code": "",
        "instructions": "",
        "joint_delivery": "on",
        "contact_person": "",
        "other_information": "",
        "save": "1",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def execute_data(**changes):
    data = form_data(**changes)
    del data["save"]
    return {**data, "execute": "1"}

"""Executed orders for the tests of the pages after Verkställ."""

from orders.services import execute_order

from .delivery_helpers import draft_with_lines


def placed_order(prescriber, lines=1, **order_fields):
    """A registered order of `prescriber` with `lines` stocked lines."""
    return execute_order(
        draft_with_lines(prescriber, lines, **order_fields), prescriber
    )

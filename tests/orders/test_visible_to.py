"""Who sees which orders (core.models.CustomerScopedQuerySet, widened for
drafts): the executed orders of the user's customers, the user's own
drafts, and for staff every order."""

from orders.choices import OrderStatus
from orders.models import Order
from tests.factories import DraftOrderFactory, UserFactory


def test_executed_orders_of_the_customers_and_only_ones_own_drafts(
    prescriber, colleague, outsider, staff
):
    executed = DraftOrderFactory(
        prescriber=prescriber, status=OrderStatus.REGISTERED, number="26480001"
    )
    own_draft = DraftOrderFactory(prescriber=prescriber)
    colleagues_draft = DraftOrderFactory(prescriber=colleague)

    assert set(Order.objects.visible_to(prescriber)) == {executed, own_draft}
    assert set(Order.objects.visible_to(colleague)) == {executed, colleagues_draft}
    assert not Order.objects.visible_to(outsider).exists()
    assert not Order.objects.visible_to(UserFactory()).exists()
    assert set(Order.objects.visible_to(staff)) == {
        executed,
        own_draft,
        colleagues_draft,
    }

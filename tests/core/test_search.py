"""core.search.capped: a hit list of at most a number of rows, and whether
there were more, in one query."""

import pytest

from accounts.models import Customer
from core.search import capped
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers():
    return sorted(CustomerFactory.create_batch(3), key=lambda c: c.kundid)


def test_more_rows_than_the_limit_are_cut_and_said_to_be_too_many(
    customers, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = capped(Customer.objects.order_by("kundid"), 2)

    assert found.hits == customers[:2]
    assert found.too_many
    assert found.limit == 2


@pytest.mark.parametrize("limit", [3, 4])
def test_up_to_the_limit_all_rows_are_hits(customers, limit):
    found = capped(Customer.objects.order_by("kundid"), limit)

    assert found.hits == customers
    assert not found.too_many

"""The customers import's optional column `stores`: the local stores (402,
602) a customer's prescribers may draw from (issue 13)."""

import pytest

from accounts.models import Customer
from tests.factories import CustomerFactory, PayerFactory
from warehouse.models import LocalStoreCustomer

from .helpers import import_csv, import_fails

pytestmark = pytest.mark.django_db

HEADER = "kundid;name;default_payer;street;postal_code;city;phone;kind"


@pytest.fixture(autouse=True)
def payer(db):
    return PayerFactory(betalarid="10001")


def stores_of(kundid):
    customer = Customer.objects.get(kundid=kundid)
    return sorted(customer.local_stores.values_list("code", flat=True))


def test_it_links_customers_to_their_local_stores(csv_file):
    path = csv_file(
        [
            f"{HEADER};stores",
            "60101;NUS Arbetsterapi;10001;;;;;region;402",
            "60201;Lycksele fysioterapi;10001;;;;;region;402|602",
            "41001;Hemtjänst Ersboda;10001;;;;;kommun;",
        ]
    )

    assert import_csv("customers", path).endswith(
        ": 3 skapade, 0 ändrade, 0 oförändrade\n"
    )

    assert stores_of("60101") == ["402"]
    assert stores_of("60201") == ["402", "602"]
    assert stores_of("41001") == []
    assert import_csv("customers", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )


def test_a_changed_or_emptied_cell_changes_the_stores(csv_file):
    import_csv(
        "customers", csv_file([f"{HEADER};stores", "60201;L;10001;;;;;region;402|602"])
    )

    out = import_csv(
        "customers", csv_file([f"{HEADER};stores", "60201;L;10001;;;;;region;602"])
    )
    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert stores_of("60201") == ["602"]

    import_csv("customers", csv_file([f"{HEADER};stores", "60201;L;10001;;;;;region;"]))
    assert stores_of("60201") == []


def test_a_file_without_the_column_leaves_the_stores(csv_file):
    import_csv(
        "customers", csv_file([f"{HEADER};stores", "60101;NUS;10001;;;;;region;402"])
    )

    out = import_csv("customers", csv_file([HEADER, "60101;NUS;10001;;;;;region"]))

    assert out.endswith(": 0 skapade, 0 ändrade, 1 oförändrade\n")
    assert stores_of("60101") == ["402"]


def test_an_unknown_store_or_the_main_warehouse_is_refused(csv_file):
    CustomerFactory(kundid="60101")
    path = csv_file(
        [
            f"{HEADER};stores",
            "60101;NUS;10001;;;;;region;403",
            "60102;NUS 2;10001;;;;;region;500",
        ]
    )

    errors = import_fails("customers", path)

    assert [line.split(":", 1)[1] for line in errors] == [
        "2: stores: okänt lager 403",
        "3: stores: Huvudlagret 500 är inget eget förråd.",
    ]
    assert not LocalStoreCustomer.objects.exists()

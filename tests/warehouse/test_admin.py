import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, CustomerFactory, StockBalanceFactory
from warehouse import services
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement, Warehouse


@pytest.mark.parametrize("model", ["warehouse", "stockbalance", "stockmovement"])
def test_staff_can_open_the_stock_lists(
    staff_client, main_warehouse, model, django_assert_max_num_queries
):
    for _ in range(5):
        article = ArticleFactory()
        services.receive(main_warehouse, article, 3, "Inleverans")

    # Session and user, filter choices, counts, the page, date hierarchy of
    # the ledger: none of it grows with the rows.
    with django_assert_max_num_queries(7):
        response = staff_client.get(reverse(f"admin:warehouse_{model}_changelist"))

    assert response.status_code == 200
    assert (
        response.context["cl"].result_count
        == {
            "warehouse": 3,
            "stockbalance": 5,
            "stockmovement": 5,
        }[model]
    )


def test_staff_can_find_a_balance_by_article_number(staff_client, main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse)
    StockBalanceFactory(warehouse=main_warehouse)

    response = staff_client.get(
        reverse("admin:warehouse_stockbalance_changelist"),
        {"q": balance.article.article_no},
    )

    assert list(response.context["cl"].result_list) == [balance]


def test_staff_can_list_the_balances_of_one_warehouse(staff_client, article):
    local = StockBalanceFactory(warehouse=Warehouse.objects.get(code="402"))
    StockBalanceFactory(article=article)

    response = staff_client.get(
        reverse("admin:warehouse_stockbalance_changelist"),
        {"warehouse__id__exact": local.warehouse_id},
    )

    assert list(response.context["cl"].result_list) == [local]


def count_form(**fields):
    return {"on_hand": 0, "safety_stock": 0, "reason": "Inventering"} | fields


def test_staff_count_a_balance_through_the_stock_service(staff_client, staff):
    balance = StockBalanceFactory(on_hand=10, reserved=2)

    response = staff_client.post(
        reverse("admin:warehouse_stockbalance_change", args=[balance.pk]),
        count_form(on_hand=7, safety_stock=1, reason="Inventering vecka 48"),
    )

    assert response.status_code == 302
    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved, balance.safety_stock) == (7, 2, 1)
    movement = balance.movements.get()
    assert (movement.kind, movement.on_hand_change, movement.reason) == (
        MovementKind.COUNT,
        -3,
        "Inventering vecka 48",
    )
    assert movement.user == staff


def test_staff_set_a_local_stores_order_up_to_level(staff_client):
    store = Warehouse.objects.get(code="402")
    balance = StockBalanceFactory(warehouse=store, on_hand=3, safety_stock=4)
    url = reverse("admin:warehouse_stockbalance_change", args=[balance.pk])

    below = staff_client.post(url, count_form(on_hand=3, safety_stock=4, order_up_to=2))
    staff_client.post(url, count_form(on_hand=3, safety_stock=4, order_up_to=10))

    assert below.context["adminform"].form.errors["order_up_to"] == [
        "Beställ upp till kan inte vara lägre än säkerhetslagret."
    ]
    balance.refresh_from_db()
    assert (balance.safety_stock, balance.order_up_to) == (4, 10)
    # A setting, not a count: the unchanged balance has no ledger row.
    assert not balance.movements.exists()


def test_staff_are_told_when_a_count_cuts_reservations(staff_client):
    balance = StockBalanceFactory(on_hand=10, reserved=6)

    response = staff_client.post(
        reverse("admin:warehouse_stockbalance_change", args=[balance.pk]),
        count_form(on_hand=4),
        follow=True,
    )

    assert "Reserverat minskades från 6 till 4." in response.text
    balance.refresh_from_db()
    assert (balance.on_hand, balance.reserved) == (4, 4)


def test_the_reserved_quantity_cannot_be_changed_in_the_admin(staff_client):
    balance = StockBalanceFactory(on_hand=10, reserved=2)

    staff_client.post(
        reverse("admin:warehouse_stockbalance_change", args=[balance.pk]),
        count_form(on_hand=10, reserved=0),
    )

    balance.refresh_from_db()
    assert balance.reserved == 2
    assert not StockMovement.objects.exists()


def test_a_count_needs_a_reason_and_no_negative_figures(staff_client):
    balance = StockBalanceFactory(on_hand=10)

    response = staff_client.post(
        reverse("admin:warehouse_stockbalance_change", args=[balance.pk]),
        count_form(on_hand=-1, reason=""),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"on_hand", "reason"}
    assert "större än eller lika med 0" in str(errors["on_hand"])
    balance.refresh_from_db()
    assert balance.on_hand == 10


def test_staff_can_add_a_balance(staff_client, main_warehouse, article):
    response = staff_client.post(
        reverse("admin:warehouse_stockbalance_add"),
        count_form(
            warehouse=main_warehouse.pk, article=article.pk, on_hand=5, reason="Ny"
        ),
    )

    assert response.status_code == 302
    balance = StockBalance.objects.get(warehouse=main_warehouse, article=article)
    assert balance.on_hand == 5
    assert balance.movements.get().on_hand_change == 5


def test_a_second_balance_for_the_same_article_is_refused(staff_client):
    balance = StockBalanceFactory(on_hand=3)

    response = staff_client.post(
        reverse("admin:warehouse_stockbalance_add"),
        count_form(
            warehouse=balance.warehouse_id, article=balance.article_id, on_hand=9
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    balance.refresh_from_db()
    assert balance.on_hand == 3


def test_the_balance_page_links_to_its_movements(staff_client, main_warehouse):
    balance = StockBalanceFactory(warehouse=main_warehouse, on_hand=0)
    other = StockBalanceFactory(warehouse=main_warehouse, on_hand=0)
    services.receive(main_warehouse, balance.article, 2, "Inleverans")
    services.receive(main_warehouse, other.article, 2, "Inleverans")

    page = staff_client.get(
        reverse("admin:warehouse_stockbalance_change", args=[balance.pk])
    )
    link = f"?balance__id__exact={balance.pk}"
    assert link in page.text
    response = staff_client.get(
        reverse("admin:warehouse_stockmovement_changelist") + link
    )

    assert list(response.context["cl"].result_list) == [balance.movements.get()]


def test_the_ledger_is_read_only_in_the_admin(staff_client, main_warehouse, article):
    services.receive(main_warehouse, article, 2, "Inleverans")
    movement = StockMovement.objects.get()

    change = staff_client.post(
        reverse("admin:warehouse_stockmovement_change", args=[movement.pk]),
        {"reason": "Ändrad"},
    )
    delete = staff_client.post(
        reverse("admin:warehouse_stockmovement_delete", args=[movement.pk]),
        {"post": "yes"},
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    movement.refresh_from_db()
    assert movement.reason == "Inleverans"


def test_warehouses_cannot_be_added_or_deleted(staff_client, main_warehouse):
    add = staff_client.get(reverse("admin:warehouse_warehouse_add"))
    delete = staff_client.get(
        reverse("admin:warehouse_warehouse_delete", args=[main_warehouse.pk])
    )

    assert (add.status_code, delete.status_code) == (403, 403)


def test_customer_service_keeps_a_local_stores_customers(staff_client, db):
    nus = Warehouse.objects.get(code="402")
    customer = CustomerFactory()
    url = reverse("admin:warehouse_warehouse_change", args=[nus.pk])
    prefix = "store_customers"

    response = staff_client.post(
        url,
        {
            "name": nus.name,
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-customer": customer.pk,
        },
    )

    assert response.status_code == 302, response.context["errors"]
    assert list(customer.local_stores.all()) == [nus]


def test_the_main_warehouse_has_no_customers_to_keep(staff_client, main_warehouse):
    response = staff_client.get(
        reverse("admin:warehouse_warehouse_change", args=[main_warehouse.pk])
    )

    assert response.context["inline_admin_formsets"] == []

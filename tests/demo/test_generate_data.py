import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.choices import ArticleType
from catalog.models import Article, ArticleFit
from core.validators import validate_personnummer
from demo.scale_aids import HOLDING_PREFIX, LAST_DAY, benchmark_patient
from demo.scale_orders import HISTORY_PREFIX
from orders import services
from orders.choices import OPEN_ORDER_STATUSES, LineStatus, OrderStatus
from orders.models import Order, OrderLine
from orders.numbering import next_number
from orders.services import status_of_lines
from warehouse.models import StockBalance, StockMovement


def generate(*args):
    out = StringIO()
    call_command("generate_data", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "in": Article.objects.filter(in_assortment=True).count(),
        "outside": Article.objects.filter(in_assortment=False).count(),
        "fits": ArticleFit.objects.count(),
        "balances": StockBalance.objects.filter(warehouse__code="500").count(),
        "movements": StockMovement.objects.count(),
    }


@pytest.fixture
def generated(db):
    return generate("--articles", "50", "--outside", "20")


def test_it_generates_the_articles_asked_for_with_stock_at_the_main_warehouse(
    generated,
):
    figures = counts()
    assert figures["in"] == 50
    assert figures["outside"] == 20
    assert figures["balances"] == figures["movements"] == 50
    assert not StockBalance.objects.filter(article__in_assortment=False).exists()
    assert "articles: 70" in generated


def test_accessories_and_spare_parts_fit_a_family_of_main_aids(generated):
    parts = Article.objects.exclude(article_type=ArticleType.MAIN)
    assert parts.exists()
    assert not parts.filter(fits__isnull=True).exists()
    main = Article.objects.filter(article_type=ArticleType.MAIN)
    assert main.exists()
    for article in main:
        assert article.product_name in article.name


def test_running_it_again_changes_nothing(generated):
    before = counts()
    names = list(Article.objects.values_list("article_no", "name"))

    generate("--articles", "50", "--outside", "20")

    assert counts() == before
    assert list(Article.objects.values_list("article_no", "name")) == names


def test_larger_numbers_add_the_rest_and_keep_the_first(generated):
    names = dict(Article.objects.values_list("article_no", "name"))

    generate("--articles", "80", "--outside", "20")

    assert counts()["in"] == 80
    assert counts()["balances"] == 80
    assert (
        names.items() <= dict(Article.objects.values_list("article_no", "name")).items()
    )


def test_without_numbers_it_says_what_to_give(db):
    with pytest.raises(CommandError, match="--articles"):
        generate()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--articles", "400001"], "At most"), (["--outside", "-1"], "negative")],
)
def test_numbers_out_of_range_are_refused(db, args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args)
    assert not Article.objects.exists()


def aids_counts():
    return {
        "persons": Person.objects.count(),
        "holdings": Holding.objects.count(),
        "individuals": Individual.objects.count(),
        "history": IndividualHistory.objects.count(),
    }


@pytest.fixture
def population(demo_data, db):
    return generate(
        "--persons",
        "300",
        "--patients",
        "20",
        "--holdings",
        "400",
        "--individuals",
        "260",
    )


def test_it_generates_persons_patients_holdings_and_individuals(population):
    figures = aids_counts()
    demo = Person.objects.filter(holdings__order_number__startswith="9").distinct()
    assert figures["persons"] - demo.count() >= 300 - 10
    generated = Holding.objects.filter(order_number__startswith="G")
    assert generated.count() == 400
    assert generated.filter(individual__isnull=False).count() == 260
    assert generated.values("person").distinct().count() == 20
    assert not generated.filter(
        individual__isnull=False, article__individually_marked=False
    ).exists()
    for number in Person.objects.values_list("personnummer", flat=True)[:300]:
        validate_personnummer(number)
    assert "benchmark patient" in population
    assert benchmark_patient().holdings.count() == 200


def test_generating_the_population_again_changes_nothing(population):
    before = aids_counts()

    generate(
        "--persons",
        "300",
        "--patients",
        "20",
        "--holdings",
        "400",
        "--individuals",
        "260",
    )

    assert aids_counts() == before


def test_more_patients_than_persons_is_an_error(db):
    with pytest.raises(CommandError, match="--persons"):
        generate("--persons", "5", "--patients", "100000", "--holdings", "20")


ORDER_LINES = 1000


def orders_counts():
    return {
        "orders": Order.objects.count(),
        "lines": OrderLine.objects.count(),
        "holdings": Holding.objects.count(),
        "order events": Order.pgh_event_model.objects.count(),
        "line events": OrderLine.pgh_event_model.objects.count(),
    }


@pytest.fixture
def history(population):
    return generate("--order-lines", str(ORDER_LINES))


def generated_orders():
    return Order.objects.filter(
        Q(number__startswith=HOLDING_PREFIX) | Q(number__startswith=HISTORY_PREFIX)
    )


def test_it_generates_the_order_history_asked_for(history):
    lines = OrderLine.objects.filter(order__in=generated_orders())
    # The last order's lines may go up to 9 beyond the number asked for.
    assert ORDER_LINES <= lines.count() < ORDER_LINES + 10
    assert "order lines:" in history
    assert "ANALYZE skipped" in history
    # Every line and order has its insert event, as bulk_insert writes them.
    assert (
        OrderLine.pgh_event_model.objects.filter(
            pgh_obj_id__in=lines.values("pk")
        ).count()
        == lines.count()
    )
    assert (
        Order.pgh_event_model.objects.filter(pgh_obj__in=generated_orders()).count()
        == generated_orders().count()
    )


def test_each_generated_holding_is_the_one_line_of_its_order(history):
    held = Holding.objects.filter(order_number__startswith=HOLDING_PREFIX)
    assert held.count() == 400
    assert not held.filter(order_line__isnull=True).exists()
    for holding in held.select_related("order_line__order")[:50]:
        line = holding.order_line
        order = line.order
        assert order.number == holding.order_number
        assert order.lines.count() == 1
        assert (order.person_id, order.customer_id, order.prescriber_id) == (
            holding.person_id,
            holding.customer_id,
            holding.prescriber_id,
        )
        assert (line.article_id, line.quantity, line.delivery_date) == (
            holding.article_id,
            holding.quantity,
            holding.delivered_on,
        )
        assert order.status == OrderStatus.DELIVERED
        assert timezone.localdate(order.executed_at) == holding.ordered_on


def test_history_orders_are_mostly_delivered_some_open_some_cancelled(history):
    orders = Order.objects.filter(number__startswith=HISTORY_PREFIX)
    statuses = dict(
        orders.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    assert statuses[OrderStatus.DELIVERED] > 0.8 * orders.count()
    assert set(statuses) - {OrderStatus.DELIVERED} & set(OPEN_ORDER_STATUSES)
    assert statuses[OrderStatus.CANCELLED] > 0
    for order in orders.prefetch_related("lines"):
        lines = order.lines.all()
        assert order.status == status_of_lines(line.status for line in lines)
        assert 1 <= len(lines) <= 10
        assert order.executed_at.date() <= LAST_DAY
        assert all(line.delivery_date > order.executed_at.date() for line in lines)
        if order.joint_delivery:
            assert len({line.delivery_date for line in lines}) == 1
        if order.status == OrderStatus.CANCELLED:
            assert order.cancelled_at and order.cancelled_by_id
            assert not any(line.holding_id for line in lines)


def test_open_orders_lines_have_the_patients_aids_that_customer_service_ships(
    history, seeded
):
    open_lines = OrderLine.objects.filter(
        order__number__startswith=HISTORY_PREFIX,
        order__status__in=OPEN_ORDER_STATUSES,
    ).select_related("order", "holding")
    assert open_lines.exists()
    for line in open_lines:
        assert line.holding.order_number == line.order.number
        assert line.holding.person_id == line.order.person_id
        assert line.holding.delivered_quantity == line.delivered_quantity
    assert benchmark_patient().holdings.count() == 200
    assert not Order.objects.filter(
        number__startswith=HISTORY_PREFIX, person=benchmark_patient()
    ).exists()
    line = open_lines.filter(
        status=LineStatus.REGISTERED, article__individually_marked=False
    ).first()
    StockBalance.objects.filter(article=line.article).update(on_hand=100)
    staff = User.objects.get(username="kundtjanst")

    services.ship_line(line, line.quantity, staff)

    line.holding.refresh_from_db()
    assert line.holding.delivered_quantity == line.quantity


def test_generated_numbers_are_clear_of_the_real_series(history):
    numbers = list(generated_orders().values_list("number", flat=True))
    assert all(re.fullmatch(r"G\d{7}|00\d{6}", number) for number in numbers)
    # A real number's year is that of its ISO week: never 00 in this century.
    with transaction.atomic():
        real = next_number(LAST_DAY)
    assert real.startswith("2644") and real not in numbers


def test_generating_the_history_again_adds_nothing_and_more_adds_the_rest(history):
    before = orders_counts()
    numbers = set(Order.objects.values_list("number", flat=True))

    assert "order lines: 0 " in generate("--order-lines", str(ORDER_LINES))
    assert orders_counts() == before

    generate("--order-lines", str(2 * ORDER_LINES))
    lines = OrderLine.objects.filter(order__in=generated_orders())
    assert 2 * ORDER_LINES <= lines.count() < 2 * ORDER_LINES + 10
    assert numbers < set(Order.objects.values_list("number", flat=True))


def test_the_history_needs_the_holdings_first(seeded):
    with pytest.raises(CommandError, match="--holdings"):
        generate("--order-lines", "100")
    assert not OrderLine.objects.filter(order__number__startswith="G").exists()

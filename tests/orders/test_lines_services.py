"""Building a draft's lines: add_line and update_lines."""

import pytest
from django.core.exceptions import ValidationError

from orders.choices import OrderStatus
from orders.models import OrderLine
from orders.services import (
    MAX_QUANTITY,
    add_line,
    orderable_article,
    orderable_articles,
    update_lines,
)

from ..factories import (
    ArticleFactory,
    DraftOrderFactory,
    OrderLineFactory,
    PayerFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

pytestmark = pytest.mark.django_db

QUANTITY_MESSAGE = "Antal ska vara ett heltal från 1 till 999."


@pytest.fixture
def order(prescriber):
    return DraftOrderFactory(prescriber=prescriber)


def _lines(order):
    return list(
        order.lines.order_by("position").values_list(
            "position", "article__article_no", "quantity", "payer__betalarid"
        )
    )


def _message(refusal):
    return refusal.value.messages


def test_add_line_appends_after_the_last_position(order):
    first = ArticleFactory(article_no="11418")
    second = ArticleFactory(article_no="20001")

    add_line(order, first, 2)
    [line] = add_line(order, second)

    assert line.position == 2
    assert _lines(order) == [(1, "11418", 2, None), (2, "20001", 1, None)]


@pytest.mark.parametrize("quantity", [1, MAX_QUANTITY])
def test_add_line_accepts_quantities_within_the_limits(order, quantity):
    [line] = add_line(order, ArticleFactory(), quantity)

    line.refresh_from_db()
    assert line.quantity == quantity


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY + 1, 100000])
def test_add_line_refuses_quantities_outside_the_limits(order, quantity):
    with pytest.raises(ValidationError) as refusal:
        add_line(order, ArticleFactory(), quantity)

    assert _message(refusal) == [QUANTITY_MESSAGE]
    assert not order.lines.exists()


def test_an_article_outside_the_assortment_is_refused_with_advice(order):
    article = ArticleFactory(article_no="55555", in_assortment=False)
    expected = [
        "Artikel 55555 ingår inte i sortimentet och kan inte beställas här. "
        "Kontakta hjälpmedelskonsulenten."
    ]

    with pytest.raises(ValidationError) as refusal:
        add_line(order, article)
    assert _message(refusal) == expected
    with pytest.raises(ValidationError) as lookup:
        orderable_article("55555")
    assert _message(lookup) == expected
    assert not order.lines.exists()


def test_an_unknown_article_number_is_named(db):
    with pytest.raises(ValidationError) as refusal:
        orderable_article("99999")

    assert _message(refusal) == ["Det finns ingen artikel med artikelnummer 99999."]


def test_orderable_article_finds_the_article(db):
    article = ArticleFactory(article_no="11411")

    assert orderable_article("11411") == article


def test_orderable_articles_are_found_in_the_order_given(db):
    first, second = (
        ArticleFactory(article_no="21327"),
        ArticleFactory(article_no="11418"),
    )

    assert orderable_articles(["11418", "21327", "11418"]) == [second, first, second]


def test_orderable_articles_name_every_number_refused(db):
    ArticleFactory(article_no="11418")
    ArticleFactory(article_no="55555", in_assortment=False)

    with pytest.raises(ValidationError) as refusal:
        orderable_articles(["11418", "99999", "55555", "99999"])

    assert _message(refusal) == [
        "Artikelnumren 99999, 55555 finns inte eller ingår inte i sortimentet och "
        "kan inte beställas här. Ingen rad är tillagd."
    ]


def test_an_individually_marked_article_becomes_one_line_per_unit(order):
    OrderLineFactory(order=order, position=1)
    article = ArticleFactory(article_no="30000", individually_marked=True)

    lines = add_line(order, article, 3)

    assert [line.position for line in lines] == [2, 3, 4]
    assert _lines(order)[1:] == [
        (2, "30000", 1, None),
        (3, "30000", 1, None),
        (4, "30000", 1, None),
    ]


def test_the_default_payer_is_stored_as_none_and_another_is_kept(order):
    other = PayerFactory(betalarid="77777")

    add_line(order, ArticleFactory(article_no="1"), payer=order.payer)
    add_line(order, ArticleFactory(article_no="2"), payer=other)

    assert [row[3] for row in _lines(order)] == [None, "77777"]


def test_lines_cannot_be_added_to_an_executed_order(order):
    order.status = OrderStatus.REGISTERED
    order.number = "26480001"
    order.save()

    with pytest.raises(ValidationError) as refusal:
        add_line(order, ArticleFactory())

    assert _message(refusal) == ["Ordern är redan verkställd och kan inte ändras."]
    assert not order.lines.exists()


def test_update_lines_changes_quantity_and_payer(order):
    other = PayerFactory(betalarid="77777")
    walker = OrderLineFactory(order=order, position=1, article__article_no="1")
    cushion = OrderLineFactory(
        order=order, position=2, article__article_no="2", payer=other
    )

    update_lines(order, {walker: (4, other), cushion: (1, order.payer)})

    assert _lines(order) == [(1, "1", 4, "77777"), (2, "2", 1, None)]


def test_update_lines_removes_some_lines(order):
    lines = [
        OrderLineFactory(order=order, position=n, article__article_no=str(n))
        for n in (1, 2, 3)
    ]

    update_lines(order, {lines[1]: (5, None)}, removed=[lines[0], lines[2]])

    assert _lines(order) == [(2, "2", 5, None)]


def test_update_lines_removes_all_lines(order):
    lines = [OrderLineFactory(order=order, position=n) for n in (1, 2)]

    update_lines(order, {line: (7, None) for line in lines}, removed=lines)

    assert not order.lines.exists()


@pytest.mark.parametrize("quantity", [0, MAX_QUANTITY + 1])
def test_update_lines_refuses_bad_quantities_and_changes_nothing(order, quantity):
    keep = OrderLineFactory(order=order, position=1, article__article_no="1")
    gone = OrderLineFactory(order=order, position=2, article__article_no="2")

    with pytest.raises(ValidationError) as refusal:
        update_lines(order, {keep: (quantity, None)}, removed=[gone])

    assert _message(refusal) == [QUANTITY_MESSAGE]
    assert _lines(order) == [(1, "1", 1, None), (2, "2", 1, None)]


def test_an_individually_marked_line_keeps_quantity_one(order):
    line = OrderLineFactory(
        order=order, article__article_no="30000", article__individually_marked=True
    )

    with pytest.raises(ValidationError) as refusal:
        update_lines(order, {line: (2, None)})

    assert _message(refusal) == ["Individmärkt artikel 30000 beställs en per rad."]
    line.refresh_from_db()
    assert line.quantity == 1


def test_update_lines_leaves_lines_of_other_orders_alone(order, prescriber):
    own = OrderLineFactory(order=order)
    foreign = OrderLineFactory(order__prescriber=prescriber)

    update_lines(order, {own: (2, None), foreign: (9, None)})
    update_lines(order, {}, removed=[foreign])

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert (own.quantity, foreign.quantity) == (2, 1)


def test_update_lines_refuses_an_executed_order(order):
    line = OrderLineFactory(order=order)
    order.status = OrderStatus.REGISTERED
    order.number = "26480001"
    order.save()

    with pytest.raises(ValidationError):
        update_lines(order, {line: (3, None)})

    line.refresh_from_db()
    assert line.quantity == 1


def test_alternatives_are_pending_when_an_older_article_has_stock(order):
    link = ReplacementFactory()
    StockBalanceFactory(article=link.old, on_hand=1)

    [line] = add_line(order, link.new)

    assert line.alternatives_pending is True
    assert OrderLine.objects.get().alternatives_pending is True


@pytest.mark.parametrize("stock", [None, (0, 0), (2, 2)])
def test_no_alternatives_pending_without_free_stock_of_older_ones(order, stock):
    link = ReplacementFactory()
    StockBalanceFactory(article=link.new, on_hand=5)
    if stock:
        StockBalanceFactory(article=link.old, on_hand=stock[0], reserved=stock[1])

    [line] = add_line(order, link.new)

    assert line.alternatives_pending is False


def test_an_old_article_ordered_itself_has_no_alternatives(order):
    link = ReplacementFactory()
    StockBalanceFactory(article=link.new, on_hand=5)

    [line] = add_line(order, link.old)

    assert line.alternatives_pending is False

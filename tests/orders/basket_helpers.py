"""Basket loans (Artiklar i varukorg) for the tests of settling and
reminding: a prescriber's customer linked to the local store 402, units on
its shelf, and a basket executed through the order services."""

from catalog.choices import ArticleType
from orders.choices import OrderKind
from orders.services import execute_order
from warehouse.models import LocalStoreCustomer, StockBalance, Warehouse

from ..factories import (
    ArticleFactory,
    DraftOrderFactory,
    IndividualFactory,
    OrderLineFactory,
    StockBalanceFactory,
)

STORE = "402"


def store():
    return Warehouse.objects.get(code=STORE)


def link_store(customer):
    """The customer's prescribers may take from 402."""
    LocalStoreCustomer.objects.get_or_create(warehouse=store(), customer=customer)
    return customer


def stocked(article, on_hand=5):
    """`article` on 402's shelf, with `on_hand` units counted."""
    StockBalance.objects.filter(warehouse=store(), article=article).delete()
    return StockBalanceFactory(warehouse=store(), article=article, on_hand=on_hand)


def rollator(on_hand=5):
    """An I-marked article counted on 402's shelf; basket() puts the unit
    of each line there."""
    article = ArticleFactory(individually_marked=True)
    stocked(article, on_hand)
    return article


def patient_fee():
    """A fee: a charge no store keeps stock of."""
    return ArticleFactory(article_type=ArticleType.PATIENT_FEE, name="Egenavgift")


def basket(prescriber, articles, customer=None):
    """A registered basket of `prescriber` from 402, a line per article; an
    I-marked article's line takes a unit of it from the shelf."""
    customer = link_store(customer or prescriber.customers.first())
    draft = DraftOrderFactory(
        kind=OrderKind.BASKET,
        person=None,
        prescriber=prescriber,
        customer=customer,
        warehouse=store(),
    )
    for position, article in enumerate(articles, start=1):
        unit = None
        if article.individually_marked:
            unit = IndividualFactory(article=article, warehouse=store())
        OrderLineFactory(
            order=draft, position=position, article=article, individual=unit
        )
    return execute_order(draft, prescriber)

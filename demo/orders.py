"""Demo customer orders: one registered order for the demo patient (a
rollator and an I-marked wheelchair from stock, a cushion to be bought in)
for customer service to pick and ship, the cushion's delivery date since
moved by customer service (a message to the prescriber), a draft left under
Påbörjade beställningar, a Beställningsmall of the prescriber's customer,
and per.oberg's basket loan from NUS 402 (two rollators and a shower stool
with its patient fee) to settle. Made once through the order services, as a
prescriber would; seeding again leaves them as they have since been
handled."""

from accounts.models import User
from aids.recipients import Recipient
from orders import services
from orders.choices import OrderKind
from orders.delivery import add_working_days
from orders.models import Order
from warehouse.services import available


def _first(articles, warehouse, in_stock, test):
    """The first orderable demo article passing `test`, with or without free
    stock, and with no older article to choose instead (F-06)."""
    for number in sorted(articles):
        article = articles[number]
        if (
            article.in_assortment
            and not article.outgoing
            and test(article)
            and (available(warehouse, article) > 0) == in_stock
            and not article.older_links.exists()
        ):
            return article
    return None


def seed_orders(articles, patient):
    """`articles`: the demo catalogue, {article_no: Article}."""
    prescriber = User.objects.get(username="anna.lind")
    if Order.objects.filter(person=patient, prescriber=prescriber).exists():
        return
    customer = prescriber.customers.order_by("kundid").first()
    recipient = Recipient(person=patient)
    order = services.start_order(prescriber, recipient)
    services.choose_customer(order, customer)
    warehouse = order.warehouse
    rollator = _first(articles, warehouse, True, lambda a: "Rollator" in a.name)
    wheelchair = _first(articles, warehouse, True, lambda a: a.individually_marked)
    cushion = _first(articles, warehouse, False, lambda a: "dyna" in a.name.lower())
    for article in (rollator, wheelchair, cushion):
        if article:
            services.add_line(order, article)
    services.save_delivery(
        order,
        recipient_phone="070-123 45 67",
        door_code="1234",
        instructions="Ring på, det tar en stund innan hon öppnar.",
    )
    services.execute_order(order, prescriber)
    if cushion:
        # Customer service has moved the bought-in cushion's delivery: the
        # prescriber's message about it links to the order, and Översikt
        # on the start page counts it.
        line = order.lines.get(article=cushion)
        services.change_delivery_date(
            line,
            add_working_days(line.delivery_date, 5),
            "Leverantören levererar en vecka senare.",
            User.objects.get(username="kundtjanst"),
        )

    draft = services.start_order(prescriber, recipient)
    services.choose_customer(draft, customer)
    services.add_line(draft, rollator)

    template = services.create_template(prescriber, customer, "Förrådet")
    for article in (rollator, cushion):
        if article:
            version = services.template_version(template.lines.all())
            services.save_template(template, version, {}, new_line=(article, 2))


# per.oberg's loan: two rollators and a shower stool with its patient fee.
BASKET_ARTICLES = [("20003", 2), ("20696", 1), ("29001", 1)]


def seed_basket(articles):
    """An open basket for per.oberg at his unit's store, 402 NUS."""
    prescriber = User.objects.get(username="per.oberg")
    if Order.objects.filter(prescriber=prescriber, kind=OrderKind.BASKET).exists():
        return
    store = services.local_stores_of(prescriber).get(code="402")
    basket = services.start_order(
        prescriber, Recipient(), kind=OrderKind.BASKET, store=store
    )
    for number, quantity in BASKET_ARTICLES:
        services.add_line(basket, articles[number], quantity)
    services.execute_order(basket, prescriber)

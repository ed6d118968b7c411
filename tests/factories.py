from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum import luhn

from accounts.choices import CustomerKind
from accounts.models import Authorisation, Customer, Payer, PayerAuthorisation, User
from aids.choices import HistoryKind
from aids.models import Holding, Individual, IndividualHistory, Person, RecipientDetails
from catalog.choices import ArticleType
from catalog.models import (
    Article,
    ArticleFit,
    ArticlePrice,
    IsoClass,
    Replacement,
    Supplier,
)
from notices.models import Message, News
from orders.models import Order, OrderLine
from warehouse.models import MAIN_WAREHOUSE, StockBalance, Warehouse

PASSWORD = "en lång lösenfras för test"


class PayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payer
        django_get_or_create = ["betalarid"]

    betalarid = factory.Sequence(lambda n: f"{10000 + n:05d}")
    name = factory.Sequence(lambda n: f"Betalare {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        django_get_or_create = ["kundid"]

    kundid = factory.Sequence(lambda n: f"{40000 + n:05d}")
    name = factory.Sequence(lambda n: f"Hemtjänst {n}")
    street = "Storgatan 1"
    postal_code = "903 25"
    city = "Umeå"
    phone = "090-12 34 56"
    kind = CustomerKind.MUNICIPALITY
    default_payer = factory.SubFactory(PayerFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"forskrivare{n}")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Andersson{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def customers(self, create, customers):
        for customer in customers or ():
            Authorisation.objects.create(user=self, customer=customer)

    @factory.post_generation
    def payers(self, create, payers):
        for payer in payers or ():
            PayerAuthorisation.objects.create(user=self, payer=payer)


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = News

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    body = "Text från Hjälpmedel Västerbotten."
    valid_from = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Meddelande {n}")
    body = "Leveransdatum har ändrats."


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Leverantör {n} AB")


class IsoClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IsoClass
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{120000 + n:06d}")
    title = factory.Sequence(lambda n: f"ISO-klass {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        django_get_or_create = ["article_no"]

    article_no = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"Rollator {n}")
    supplier = factory.SubFactory(SupplierFactory)
    supplier_article_no = factory.Sequence(lambda n: f"LEV-{n}")
    article_type = ArticleType.MAIN
    iso_class = factory.SubFactory(IsoClassFactory)


class StockBalanceFactory(factory.django.DjangoModelFactory):
    """A balance in the main warehouse (500) unless told otherwise."""

    class Meta:
        model = StockBalance

    warehouse = factory.LazyFunction(lambda: Warehouse.objects.get(code=MAIN_WAREHOUSE))
    article = factory.SubFactory(ArticleFactory)
    on_hand = 10


class ArticleFitFactory(factory.django.DjangoModelFactory):
    """An accessory that fits the articles of a product name (family)."""

    class Meta:
        model = ArticleFit

    accessory = factory.SubFactory(ArticleFactory, article_type=ArticleType.ACCESSORY)
    product_name = "Cross"


class ArticlePriceFactory(factory.django.DjangoModelFactory):
    """A monthly rent of 100 kr from 1 January 2026."""

    class Meta:
        model = ArticlePrice

    article = factory.SubFactory(ArticleFactory)
    valid_from = date(2026, 1, 1)
    monthly_rent = Decimal("100.00")


class ReplacementFactory(factory.django.DjangoModelFactory):
    """`new` replaces the outgoing `old`."""

    class Meta:
        model = Replacement

    new = factory.SubFactory(ArticleFactory)
    old = factory.SubFactory(ArticleFactory, outgoing=True)


def personnummer(n):
    """A valid, distinct personnummer for each n: born n days after 1 Jan 1940."""
    born = date(1940, 1, 1) + timedelta(days=n)
    nine = f"{born:%y%m%d}{n % 1000:03d}"
    return f"{born.year // 100}{nine}{luhn.calc_check_digit(nine)}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ["personnummer"]

    personnummer = factory.Sequence(personnummer)
    first_name = "Karin"
    last_name = factory.Sequence(lambda n: f"Berg{n}")
    street = "Skolgatan 12"
    postal_code = "903 25"
    city = "Umeå"
    phone = "070-123 45 67"


class IndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Individual
        django_get_or_create = ["individual_no"]

    individual_no = factory.Sequence(lambda n: f"I{700000 + n}")
    article = factory.SubFactory(ArticleFactory, individually_marked=True)


class IndividualHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualHistory

    individual = factory.SubFactory(IndividualFactory)
    happened_on = factory.LazyFunction(timezone.localdate)
    kind = HistoryKind.DELIVERED


class HoldingFactory(factory.django.DjangoModelFactory):
    """An aid a patient has, delivered today, unless told otherwise."""

    class Meta:
        model = Holding

    person = factory.SubFactory(PersonFactory)
    article = factory.SubFactory(ArticleFactory)
    delivered_on = factory.LazyFunction(timezone.localdate)
    delivered_quantity = 1


class RecipientDetailsFactory(factory.django.DjangoModelFactory):
    """A patient's saved phone, door code and instructions."""

    class Meta:
        model = RecipientDetails

    person = factory.SubFactory(PersonFactory)
    phone = "070-765 43 21"
    door_code = "1234"
    instructions = "Ring på hos grannen."


class DraftOrderFactory(factory.django.DjangoModelFactory):
    """A prescriber's draft for a patient, with the prescriber's first
    customer chosen and its address proposed; pass `prescriber`."""

    class Meta:
        model = Order

    prescriber = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory)
    warehouse = factory.LazyFunction(lambda: Warehouse.objects.get(code=MAIN_WAREHOUSE))
    customer = factory.LazyAttribute(lambda o: o.prescriber.customers.first())
    payer = factory.LazyAttribute(lambda o: o.customer and o.customer.default_payer)
    address_name = factory.LazyAttribute(lambda o: o.customer and o.customer.name)
    street = "Storgatan 1"
    postal_code = "903 25"
    city = "Umeå"


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(DraftOrderFactory)
    position = factory.Sequence(lambda n: n + 1)
    article = factory.SubFactory(ArticleFactory)
    quantity = 1

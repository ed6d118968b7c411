"""Demo population register and held aids: about 200 persons in Västerbotten
(valid personnummer, some deceased, some with protected identity), their
aids from the demo catalogue, individuals of the I-marked ones with their
history (delivered, repaired, moved, returned), returned aids, aids ordered
but not yet delivered, and the demo customers' care-unit aids.

Planned from a fixed random seed and stored as upserts on natural keys
(personnummer, individual number, demo order number), so that seeding again
restores the same state."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import luhn

from accounts.models import Customer, User
from aids.choices import HistoryKind, IndividualLocation
from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.choices import ArticleType
from catalog.models import ArticleFit, IsoClass
from warehouse.models import MAIN_WAREHOUSE, Warehouse

SEED = 4711
PERSONS = 200
TODAY = date(2026, 11, 20)  # the demo's "now": dates do not move between runs
# Demo order numbers: their own range, the key of a demo holding.
ORDER_NUMBER_START = 900_000

# The patient the login summary names, for searching in Hjälpmedel and CFR.
DEMO_PATIENT = (
    date(1938, 4, 12),
    "Astrid",
    "Lindqvist",
    "Västra Esplanaden 14",
    "903 26",
    "Umeå",
)

FEMALE = (
    "Anna",
    "Astrid",
    "Birgitta",
    "Britt",
    "Elsa",
    "Ella",
    "Ester",
    "Gun",
    "Ingrid",
    "Inger",
    "Karin",
    "Kerstin",
    "Linnea",
    "Maj",
    "Margareta",
    "Maria",
    "Marianne",
    "Rut",
    "Signe",
    "Siv",
    "Solveig",
    "Ulla",
    "Vera",
    "Åsa",
    "Märta",
    "Gunnel",
)
MALE = (
    "Anders",
    "Arne",
    "Bengt",
    "Bertil",
    "Bo",
    "Erik",
    "Gunnar",
    "Göran",
    "Hans",
    "Ivar",
    "Jan",
    "Johan",
    "Karl",
    "Lars",
    "Lennart",
    "Nils",
    "Olof",
    "Per",
    "Rune",
    "Sven",
    "Sture",
    "Torsten",
    "Ulf",
    "Åke",
    "Östen",
    "Holger",
)
LAST_NAMES = (
    "Andersson",
    "Berglund",
    "Bergström",
    "Björk",
    "Burman",
    "Danielsson",
    "Edlund",
    "Eriksson",
    "Forsberg",
    "Granberg",
    "Holmgren",
    "Holmström",
    "Håkansson",
    "Isaksson",
    "Johansson",
    "Jonsson",
    "Lindberg",
    "Lindgren",
    "Lindström",
    "Lundberg",
    "Lundgren",
    "Lundqvist",
    "Marklund",
    "Nilsson",
    "Nordin",
    "Nordström",
    "Nyström",
    "Olofsson",
    "Persson",
    "Sandström",
    "Sjöberg",
    "Sjöström",
    "Stenlund",
    "Strömberg",
    "Wikström",
    "Åström",
    "Öberg",
    "Östlund",
)
STREETS = (
    "Storgatan",
    "Kungsgatan",
    "Skolgatan",
    "Nygatan",
    "Järnvägsgatan",
    "Östra Kyrkogatan",
    "Västra Esplanaden",
    "Ringvägen",
    "Björkvägen",
    "Tallvägen",
    "Granvägen",
    "Parkvägen",
    "Älvvägen",
    "Kyrkvägen",
    "Backvägen",
    "Sjögatan",
    "Rönnvägen",
    "Lärkvägen",
    "Furuvägen",
    "Idrottsvägen",
)
# City, postal code prefix, weight (roughly the county's population).
CITIES = (
    ("Umeå", "90", 50),
    ("Skellefteå", "931", 25),
    ("Lycksele", "921", 5),
    ("Vännäs", "911", 4),
    ("Vilhelmina", "912", 3),
    ("Robertsfors", "915", 3),
    ("Nordmaling", "914", 3),
    ("Storuman", "923", 2),
    ("Vindeln", "922", 2),
    ("Norsjö", "935", 2),
    ("Dorotea", "917", 1),
    ("Åsele", "919", 1),
)
# Area code -> digits after it, so that every number is one the forms accept
# (core.validators.swedish_phone_number): a pickup proposes it.
PHONE_DIGITS = {"070": 7, "072": 7, "073": 7, "076": 7, "090": 6, "0910": 6}

# ISO classes of the aids a patient has, with how often they are handed out.
PATIENT_AIDS = (
    ("120606", 40),  # rollators
    ("122203", 18),  # manual wheelchairs
    ("122218", 6),  # comfort wheelchairs
    ("122306", 4),  # powered wheelchairs
    ("122303", 3),  # mobility scooters
    ("181210", 14),  # beds
    ("043303", 16),  # cushions
    ("043306", 8),  # mattresses
    ("093303", 20),  # shower chairs
    ("091203", 8),  # commode chairs
    ("091212", 12),  # toilet seat raisers
    ("123603", 4),  # mobile hoists
)
CARE_UNIT_AIDS = ("181210", "123603", "123604", "123612", "122218", "093303")
REPAIRS = (
    "Byte av bromsvajer",
    "Byte av drivhjul",
    "Justering av sitthöjd",
    "Ny handkontroll",
    "Lagning av punktering",
    "Anpassning av ryggstöd",
    "Byte av batteri",
)


def personnummer(birth, serial):
    """12 digits: the birth date, a 3-digit serial and the check digit."""
    digits = f"{birth:%Y%m%d}{serial:03d}"
    return digits + luhn.calc_check_digit(digits[2:])


@dataclass
class PlannedHolding:
    article_no: str
    ordered_on: date
    prescriber: str
    customer: str
    quantity: int = 1
    delivered_on: date | None = None
    returned_on: date | None = None
    individual_no: str = ""
    # (kind, date, note) after delivery, oldest first.
    events: list = field(default_factory=list)


@dataclass
class Plan:
    persons: list = field(default_factory=list)  # Person field dicts
    # (personnummer or None, kundid or None, PlannedHolding)
    holdings: list = field(default_factory=list)


def plan_aids(articles, prescribers, care_units):
    """The demo register and aids as plain data, the same every time.
    `articles`: {article_no: Article}; `prescribers`: {username: [kundid]};
    `care_units`: the kundids that hold aids themselves."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    iso_codes = dict(IsoClass.objects.values_list("pk", "code"))
    by_iso = {}
    for number, article in sorted(articles.items()):
        if article.article_type == ArticleType.MAIN and article.in_assortment:
            by_iso.setdefault(iso_codes[article.iso_class_id], []).append(number)
    accessories = {}
    for product_name, number in (
        ArticleFit.objects.filter(
            accessory__in_assortment=True, accessory__article_type=ArticleType.ACCESSORY
        )
        .values_list("product_name", "accessory__article_no")
        .order_by("accessory__article_no", "product_name")
    ):
        if number in articles:
            accessories.setdefault(product_name, []).append(number)
    marked = {number for number, a in articles.items() if a.individually_marked}
    plan = Plan()
    serials = iter(range(1, 10_000))
    individual_numbers = iter(range(100_001, 200_000))

    def holding(article_no, years_back, prescriber):
        customer = rng.choice(prescribers[prescriber])
        if rng.random() < 0.06:  # ordered, not yet delivered
            ordered = TODAY - timedelta(days=rng.randint(1, 14))
            return PlannedHolding(article_no, ordered, prescriber, customer)
        ordered = TODAY - timedelta(days=rng.randint(20, 365 * years_back))
        item = PlannedHolding(article_no, ordered, prescriber, customer)
        item.delivered_on = ordered + timedelta(days=rng.randint(2, 15))
        if article_no in marked:
            item.individual_no = f"{next(individual_numbers)}"
            item.events = _events(rng, item.delivered_on)
        if rng.random() < 0.15:
            item.returned_on = item.delivered_on + timedelta(
                days=rng.randint(30, max(31, (TODAY - item.delivered_on).days))
            )
            if item.returned_on >= TODAY:
                item.returned_on = None
            item.events = [
                e
                for e in item.events
                if not item.returned_on or e[1] < item.returned_on
            ]
        return item

    taken = set()
    for index in range(PERSONS):
        female = rng.random() < 0.58
        if index == 0:
            birth, first_name, last_name, street, postal_code, city = DEMO_PATIENT
            female = True
        else:
            birth = date(1924, 1, 1) + timedelta(days=rng.randint(0, 365 * 90))
            first_name = rng.choice(FEMALE if female else MALE)
            last_name = rng.choice(LAST_NAMES)
            city, prefix, _ = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
            postal_code = f"{prefix}{rng.randint(0, 10 ** (5 - len(prefix)) - 1):0{5 - len(prefix)}d}"
            postal_code = f"{postal_code[:3]} {postal_code[3:]}"
            street = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
        # The second-to-last digit is even for women, odd for men.
        while True:
            serial = next(serials) % 1000
            if serial % 2 == (0 if female else 1):
                break
        number = personnummer(birth, serial)
        if number in taken:
            continue
        taken.add(number)
        deceased_on = None
        if index > 2 and rng.random() < 0.06:
            deceased_on = TODAY - timedelta(days=rng.randint(5, 700))
        plan.persons.append(
            {
                "personnummer": number,
                "first_name": first_name,
                "last_name": last_name,
                "street": street,
                "postal_code": postal_code,
                "city": city,
                "phone": _phone(rng),
                "deceased_on": deceased_on,
                "protected_identity": index == 2 or (index > 2 and rng.random() < 0.03),
            }
        )
        count = (
            6
            if index == 0
            else rng.choices((0, 1, 2, 3, 4, 5), weights=(10, 25, 25, 20, 12, 8))[0]
        )
        codes = rng.choices(
            [code for code, _ in PATIENT_AIDS],
            weights=[weight for _, weight in PATIENT_AIDS],
            k=count,
        )
        if index == 0:
            codes = ["122203", "120606", "181210", "043303", "093303", "091212"]
        for code in codes:
            if code not in by_iso:
                continue
            prescriber = rng.choice(sorted(prescribers))
            article_no = rng.choice(by_iso[code])
            item = holding(article_no, 6, prescriber)
            if deceased_on and item.delivered_on and not item.returned_on:
                item.returned_on = min(
                    TODAY, deceased_on + timedelta(days=rng.randint(10, 60))
                )
                if item.returned_on <= item.delivered_on:
                    item.returned_on = item.delivered_on + timedelta(days=1)
            plan.holdings.append((number, None, item))
            product = articles[article_no].product_name
            if accessories.get(product) and rng.random() < 0.4:
                extra = holding(rng.choice(accessories[product]), 2, prescriber)
                plan.holdings.append((number, None, extra))
    for kundid in care_units:
        # A customer without a demo prescriber orders through any of them.
        users = sorted(
            u for u, kundids in prescribers.items() if kundid in kundids
        ) or sorted(prescribers)
        for _ in range(rng.randint(3, 6)):
            code = rng.choice([c for c in CARE_UNIT_AIDS if c in by_iso])
            item = holding(rng.choice(by_iso[code]), 5, rng.choice(users))
            item.customer = kundid
            if not item.individual_no:
                item.quantity = rng.randint(1, 3)
            plan.holdings.append((None, kundid, item))
    return plan


def _phone(rng):
    """The same two draws as before, so the rest of the demo stays the same."""
    area = rng.choice(tuple(PHONE_DIGITS))
    draw = rng.randint(100000, 9999999)
    digits = PHONE_DIGITS[area]
    return f"{area}-{10 ** (digits - 1) + draw % (9 * 10 ** (digits - 1))}"


def _events(rng, delivered_on):
    """What happened to a delivered individual afterwards."""
    events = []
    day = delivered_on
    for _ in range(rng.choices((0, 1, 2, 3), weights=(50, 30, 14, 6))[0]):
        day += timedelta(days=rng.randint(30, 400))
        if day >= TODAY:
            break
        if rng.random() < 0.75:
            events.append((HistoryKind.REPAIRED, day, rng.choice(REPAIRS)))
        else:
            events.append((HistoryKind.MOVED, day, "Flyttad till nytt boende"))
    return events


def seed_aids(articles, care_units):
    """Store the demo register and aids (`care_units`: kundids with aids of
    their own); returns the demo patient's Person."""
    prescribers = {}
    for user in User.objects.filter(
        is_staff=False, customers__isnull=False
    ).prefetch_related("customers"):
        prescribers[user.username] = sorted(c.kundid for c in user.customers.all())
    plan = plan_aids(articles, prescribers, care_units)
    persons = Person.objects.bulk_create(
        [Person(**data) for data in plan.persons],
        update_conflicts=True,
        unique_fields=["personnummer"],
        update_fields=[k for k in plan.persons[0] if k != "personnummer"],
    )
    # The ids of rows that existed are not returned: read them back.
    person_ids = dict(
        Person.objects.filter(
            personnummer__in=[p.personnummer for p in persons]
        ).values_list("personnummer", "pk")
    )
    customers = {c.kundid: c for c in Customer.objects.select_related("default_payer")}
    users = dict(
        User.objects.filter(username__in=prescribers).values_list("username", "pk")
    )
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)

    individuals = []
    for *_, item in plan.holdings:
        if not item.individual_no:
            continue
        at_recipient = item.returned_on is None
        individuals.append(
            Individual(
                individual_no=item.individual_no,
                article=articles[item.article_no],
                location=IndividualLocation.AT_RECIPIENT
                if at_recipient
                else IndividualLocation.TO_REFURBISH,
                warehouse=None if at_recipient else main,
            )
        )
    Individual.objects.bulk_create(
        individuals,
        update_conflicts=True,
        unique_fields=["individual_no"],
        update_fields=["article", "location", "warehouse"],
    )
    individual_ids = dict(
        Individual.objects.filter(
            individual_no__in=[i.individual_no for i in individuals]
        ).values_list("individual_no", "pk")
    )

    stored = {
        h.order_number: h
        for h in Holding.objects.filter(
            order_number__in=[
                str(ORDER_NUMBER_START + i) for i in range(len(plan.holdings))
            ]
        )
    }
    new, changed = [], []
    fields = [
        "person_id",
        "care_unit_id",
        "article_id",
        "individual_id",
        "quantity",
        "ordered_on",
        "customer_id",
        "payer_id",
        "prescriber_id",
        "delivered_on",
        "delivered_quantity",
        "returned_on",
    ]
    history = []
    for i, (number, kundid, item) in enumerate(plan.holdings):
        customer = customers[item.customer]
        values = {
            "person_id": person_ids[number] if number else None,
            "care_unit_id": customers[kundid].pk if kundid else None,
            "article_id": articles[item.article_no].pk,
            "individual_id": individual_ids.get(item.individual_no),
            "quantity": item.quantity,
            "ordered_on": item.ordered_on,
            "customer_id": customer.pk,
            "payer_id": customer.default_payer_id,
            "prescriber_id": users[item.prescriber],
            "delivered_on": item.delivered_on,
            "delivered_quantity": item.quantity if item.delivered_on else 0,
            "returned_on": item.returned_on,
        }
        order_number = str(ORDER_NUMBER_START + i)
        holding = stored.get(order_number)
        if holding is None:
            new.append(Holding(order_number=order_number, **values))
        elif any(getattr(holding, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(holding, name, value)
            changed.append(holding)
        if item.individual_no:
            recipient = {
                "person_id": values["person_id"],
                "care_unit_id": values["care_unit_id"],
            }
            individual_id = values["individual_id"]
            history.append(
                (individual_id, HistoryKind.DELIVERED, item.delivered_on, "", recipient)
            )
            for kind, day, note in item.events:
                history.append(
                    (
                        individual_id,
                        kind,
                        day,
                        note,
                        recipient if kind == HistoryKind.REPAIRED else {},
                    )
                )
            if item.returned_on:
                history.append(
                    (
                        individual_id,
                        HistoryKind.RETURNED,
                        item.returned_on,
                        "",
                        recipient,
                    )
                )
    Holding.objects.bulk_create(new)
    Holding.objects.bulk_update(changed, [name.removesuffix("_id") for name in fields])

    known = set(
        IndividualHistory.objects.filter(
            individual_id__in=individual_ids.values()
        ).values_list("individual_id", "kind", "happened_on")
    )
    IndividualHistory.objects.bulk_create(
        [
            IndividualHistory(
                individual_id=individual_id,
                kind=kind,
                happened_on=day,
                note=note,
                warehouse=main if kind == HistoryKind.RETURNED else None,
                **recipient,
            )
            for individual_id, kind, day, note, recipient in history
            if (individual_id, kind, day) not in known
        ]
    )
    return Person.objects.get(personnummer=plan.persons[0]["personnummer"])

"""The plan of the demo register and aids (demo/aids.py stores it): drawn
from one fixed random seed, so it is the same every time."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import luhn

from aids.choices import HistoryKind
from catalog.choices import ArticleType
from catalog.models import ArticleFit, IsoClass

from .names import CITIES, FEMALE, LAST_NAMES, MALE, STREETS

SEED = 4711
PERSONS = 200
TODAY = date(2026, 11, 20)  # the demo's "now": dates do not move between runs

# The patient the login summary names, for searching in Hjälpmedel and CFR.
DEMO_PATIENT = (
    date(1938, 4, 12),
    "Astrid",
    "Lindqvist",
    "Västra Esplanaden 14",
    "903 26",
    "Umeå",
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


def _assortment(articles):
    """What patients get from `articles`: main aids in the assortment by ISO
    class, accessories by the product they fit, the I-marked numbers."""
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
    return by_iso, accessories, marked


class _Planner:
    """Plans the demo register and aids from one random stream: the draws
    come in a fixed order, which is what makes every run the same."""

    def __init__(self, articles, prescribers):
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        self.articles = articles
        self.prescribers = prescribers
        self.by_iso, self.accessories, self.marked = _assortment(articles)
        self.plan = Plan()
        self.serials = iter(range(1, 10_000))
        self.individual_numbers = iter(range(100_001, 200_000))
        self.taken = set()

    def person(self, index):
        """Person `index` as Person fields, or None if the draw repeats one."""
        rng = self.rng
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
            serial = next(self.serials) % 1000
            if serial % 2 == (0 if female else 1):
                break
        number = personnummer(birth, serial)
        if number in self.taken:
            return None
        self.taken.add(number)
        deceased_on = None
        if index > 2 and rng.random() < 0.06:
            deceased_on = TODAY - timedelta(days=rng.randint(5, 700))
        return {
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

    def holding(self, article_no, years_back, prescriber):
        rng = self.rng
        customer = rng.choice(self.prescribers[prescriber])
        if rng.random() < 0.06:  # ordered, not yet delivered
            ordered = TODAY - timedelta(days=rng.randint(1, 14))
            return PlannedHolding(article_no, ordered, prescriber, customer)
        ordered = TODAY - timedelta(days=rng.randint(20, 365 * years_back))
        item = PlannedHolding(article_no, ordered, prescriber, customer)
        item.delivered_on = ordered + timedelta(days=rng.randint(2, 15))
        if article_no in self.marked:
            item.individual_no = f"{next(self.individual_numbers)}"
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

    def patient_aids(self, index, person):
        """The aids of person `index`, some with an accessory; a deceased
        person's delivered aids have come back."""
        rng = self.rng
        number, deceased_on = person["personnummer"], person["deceased_on"]
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
            if code not in self.by_iso:
                continue
            prescriber = rng.choice(sorted(self.prescribers))
            article_no = rng.choice(self.by_iso[code])
            item = self.holding(article_no, 6, prescriber)
            if deceased_on and item.delivered_on and not item.returned_on:
                item.returned_on = min(
                    TODAY, deceased_on + timedelta(days=rng.randint(10, 60))
                )
                if item.returned_on <= item.delivered_on:
                    item.returned_on = item.delivered_on + timedelta(days=1)
            self.plan.holdings.append((number, None, item))
            product = self.articles[article_no].product_name
            if self.accessories.get(product) and rng.random() < 0.4:
                extra = self.holding(
                    rng.choice(self.accessories[product]), 2, prescriber
                )
                self.plan.holdings.append((number, None, extra))

    def care_unit_aids(self, kundid):
        rng = self.rng
        # A customer without a demo prescriber orders through any of them.
        users = sorted(
            u for u, kundids in self.prescribers.items() if kundid in kundids
        ) or sorted(self.prescribers)
        for _ in range(rng.randint(3, 6)):
            code = rng.choice([c for c in CARE_UNIT_AIDS if c in self.by_iso])
            item = self.holding(rng.choice(self.by_iso[code]), 5, rng.choice(users))
            item.customer = kundid
            if not item.individual_no:
                item.quantity = rng.randint(1, 3)
            self.plan.holdings.append((None, kundid, item))


def plan_aids(articles, prescribers, care_units):
    """The demo register and aids as plain data, the same every time.
    `articles`: {article_no: Article}; `prescribers`: {username: [kundid]};
    `care_units`: the kundids that hold aids themselves."""
    planner = _Planner(articles, prescribers)
    for index in range(PERSONS):
        if person := planner.person(index):
            planner.plan.persons.append(person)
            planner.patient_aids(index, person)
    for kundid in care_units:
        planner.care_unit_aids(kundid)
    return planner.plan


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

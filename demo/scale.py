"""Region-scale data for benchmarks: tens of thousands of articles with
plausible Swedish names, built from word lists, with stock at the main
warehouse.

Article i always gets the same number and content (its own random seed), so
generating again changes nothing and asking for more only adds the rest.
None is outgoing: outgoing articles and their replacements are in the demo
catalogue (seed_demo)."""

import random
from dataclasses import dataclass
from itertools import batched

from django.db import connection

from catalog.choices import ArticleType, Unit
from catalog.models import Article, ArticleFit, IsoClass, Supplier
from warehouse.choices import MovementKind
from warehouse.models import MAIN_WAREHOUSE, StockBalance, StockMovement, Warehouse

from . import loading

BATCH_SIZE = 2000
# Generated article numbers, 6 digits, clear of the demo's 5-digit ones.
IN_ASSORTMENT_START = 100_000
OUTSIDE_START = 500_000
MAX_IN_ASSORTMENT = OUTSIDE_START - IN_ASSORTMENT_START
MAX_OUTSIDE = 1_000_000 - OUTSIDE_START
STOCK_REASON = "Genererad testdata"

# The demo catalogue's suppliers (demo/data/suppliers.csv) and more, each
# with the prefix of its own article numbers.
ALL_SUPPLIERS = {
    "Etac": "80",
    "Handicare": "HC",
    "Human Care": "HU",
    "Invacare": "15",
    "Minicrosser": "MC",
    "Permobil": "PM",
    "Sunrise Medical": "SM",
    "Vermeiren": "VE",
    "Alu Rehab": "AR",
    "Anatomic Sitt": "AS",
    "Careco": "CC",
    "Gate Rehab": "GR",
    "Mercado Medic": "MM",
    "Ottobock": "OB",
    "Panthera": "PA",
    "Topro": "TP",
    "Trust Care": "TC",
    "Stiegelmeyer": "ST",
}
# Main aids of these classes are tracked per unit (wheelchairs, beds, hoists).
I_MARKED_ISO_PREFIXES = ("1222", "1223", "181210", "123603", "123604", "123612")
ARTICLE_FIELDS = [
    "name",
    "supplier",
    "supplier_article_no",
    "product_name",
    "article_type",
    "iso_class",
    "unit",
    "in_assortment",
    "individually_marked",
    "outgoing",
    "lead_time_days",
    "description",
]


@dataclass(frozen=True)
class Category:
    iso_code: str
    nouns: tuple
    sizes: tuple
    accessories: tuple  # (name, unit)
    spare_parts: tuple  # (name, unit)


SEATS = tuple(f"sitsbredd {w}" for w in range(34, 58, 2))
BEDS = ("80x200", "90x200", "90x210", "105x200", "120x200", "140x200")
CUSHIONS = tuple(f"{w}x{d}" for w in range(36, 56, 2) for d in (40, 44, 48))
WHEELS = (
    ('Drivhjul 24"', Unit.PIECE),
    ('Länkhjul 6"', Unit.PAIR),
    ("Däck 24x1 3/8", Unit.PIECE),
    ("Bromsback", Unit.PAIR),
)
CHAIR_ACCESSORIES = (
    ("Tippskydd till rullstol", Unit.PAIR),
    ("Bäckenbälte till rullstol", Unit.PIECE),
    ("Benstöd vinkelställbart", Unit.PAIR),
    ("Bord till rullstol", Unit.PIECE),
    ("Armstöd höjdställbart", Unit.PAIR),
    ("Nackstöd", Unit.PIECE),
)

# fmt: off
CATEGORIES = [
    Category("120606", ("Rollator", "Rollator 4-hjulig", "Rollator inomhus", "Rollator utomhus", "Rollator lättvikt"),
             ("sitthöjd 50", "sitthöjd 55", "sitthöjd 60", "sitthöjd 65", "S", "M", "L", "XL"),
             (("Korg till rollator", Unit.PIECE), ("Bricka till rollator", Unit.PIECE), ("Käpphållare till rollator", Unit.PIECE), ("Väska till rollator", Unit.PIECE), ("Ryggband till rollator", Unit.PIECE)),
             (("Bromsvajer", Unit.PIECE), ("Hjul 200 mm", Unit.PAIR), ("Handtag", Unit.PAIR))),
    Category("122203", ("Rullstol manuell", "Rullstol manuell lättvikt", "Rullstol manuell hopfällbar", "Rullstol manuell aktiv"),
             SEATS, CHAIR_ACCESSORIES, WHEELS),
    Category("122218", ("Rullstol komfort", "Rullstol komfort med tilt", "Transportrullstol"),
             SEATS, CHAIR_ACCESSORIES, (("Gasfjäder tilt", Unit.PIECE), ("Tippskydd", Unit.PAIR), ("Ryggdyna", Unit.PIECE))),
    Category("122306", ("Elrullstol", "Elrullstol mittdriven", "Elrullstol framhjulsdriven", "Elrullstol bakhjulsdriven"),
             SEATS, (("Batteri 73 Ah", Unit.SET), ("Batteriladdare", Unit.PIECE), ("Joystick", Unit.PIECE), ("Medhjälparstyrning", Unit.PIECE)),
             (("Drivhjul", Unit.PIECE), ("Motor", Unit.PIECE), ("Styrbox", Unit.PIECE))),
    Category("122303", ("Elmoped", "Elmoped 3-hjulig", "Elmoped 4-hjulig"), ("standard", "terräng", "hopfällbar"),
             (("Korg till elmoped", Unit.PIECE), ("Regnskydd till elmoped", Unit.PIECE), ("Batteri till elmoped", Unit.SET)),
             (("Däck 13\"", Unit.PIECE), ("Backspegel", Unit.PIECE), ("Gasreglage", Unit.PIECE))),
    Category("181210", ("Säng elektrisk", "Säng elektrisk låg", "Vårdsäng", "Säng elektrisk barn"), BEDS,
             (("Sänggrind", Unit.PAIR), ("Grindskydd", Unit.PAIR), ("Lyftbåge till säng", Unit.PIECE), ("Förlängningssats till säng", Unit.SET)),
             (("Handkontroll", Unit.PIECE), ("Motor ryggdel", Unit.PIECE), ("Hjul med broms", Unit.SET))),
    Category("123603", ("Lyft mobil", "Personlyft mobil"), ("150 kg", "180 kg", "205 kg", "255 kg"),
             (("Lyftsele hög rygg", Unit.PIECE), ("Lyftsele toalett", Unit.PIECE), ("Vågmodul till lyft", Unit.PIECE)),
             (("Batteri", Unit.PIECE), ("Laddare", Unit.PIECE), ("Lyftbygel", Unit.PIECE))),
    Category("123604", ("Stålyft",), ("standard", "kompakt"),
             (("Stålyftsele", Unit.PIECE),), (("Knästöd", Unit.PIECE), ("Batteri", Unit.PIECE))),
    Category("123612", ("Taklyft", "Vägglyft"), ("200 kg", "275 kg"),
             (("Lyftsele hög rygg", Unit.PIECE), ("Skena 3 m", Unit.PIECE)), (("Lyftband", Unit.PIECE), ("Handkontroll", Unit.PIECE))),
    Category("093303", ("Duschpall", "Duschstol", "Duschstol med hjul", "Badbräda"), ("standard", "hög", "låg", "med armstöd"),
             (("Ryggstöd till duschpall", Unit.PIECE), ("Armstöd till duschstol", Unit.PAIR), ("Fotstöd till duschstol", Unit.PAIR)),
             (("Gummifötter", Unit.SET),)),
    Category("091203", ("Toalettstol", "Dusch- och toalettstol", "Toalettstol med hjul"), ("sitsbredd 46", "sitsbredd 50", "XL"),
             (("Hink med lock", Unit.PIECE), ("Komfortsits", Unit.PIECE)), (("Hjul 5\"", Unit.SET),)),
    Category("091212", ("Toalettförhöjning", "Toalettförhöjning med armstöd"), ("6 cm", "10 cm", "15 cm"),
             (("Armstöd till toalettförhöjning", Unit.PAIR),), (("Fästkonsol", Unit.PIECE),)),
    Category("043303", ("Dyna", "Sittdyna", "Dyna luftcell", "Dyna skum", "Dyna gel"), CUSHIONS,
             (("Överdrag till dyna", Unit.PIECE), ("Överdrag inkontinens till dyna", Unit.PIECE)), (("Pump", Unit.PIECE), ("Reparationssats", Unit.SET))),
    Category("043306", ("Madrass", "Madrass växeltryck", "Madrass skum"), BEDS,
             (("Överdrag till madrass", Unit.PIECE),), (("Pump till madrass", Unit.PIECE),)),
]
# fmt: on

FAMILY_STARTS = (
    "Nor",
    "Ar",
    "Vi",
    "Del",
    "Ly",
    "Sol",
    "Ma",
    "Fre",
    "Is",
    "Ber",
    "Kal",
    "Ro",
    "Tu",
    "Ul",
    "Ves",
    "Al",
    "Bo",
    "Ce",
    "Dal",
    "El",
    "Gra",
    "Hel",
    "Lin",
    "Sto",
)
FAMILY_ENDS = (
    "dica",
    "cus",
    "ta",
    "flex",
    "vo",
    "ra",
    "na",
    "tek",
    "lin",
    "mo",
    "ria",
    "sa",
    "gard",
    "lund",
    "vik",
    "ment",
)
MODELS = ("", " 2", " 3", " 4", " Pro", " Plus", " XL", " Junior", " Lite", " Evo")
DESCRIPTIONS = (
    "{noun} från {supplier}.",
    "{noun} för inne- och utebruk.",
    "{noun} med ställbar höjd.",
    "{noun}, tål att tvättas i 85 °C.",
    "{noun}. Se tillverkarens bruksanvisning.",
)


@dataclass(frozen=True)
class Family:
    name: str
    supplier: str
    category: Category


def families():
    """The product families articles are spread over, the same every time."""
    rng = random.Random(9999)  # noqa: S311 - test data, not secrets
    names = [
        start + end + model
        for model in MODELS
        for start in FAMILY_STARTS
        for end in FAMILY_ENDS
    ]
    suppliers = sorted(ALL_SUPPLIERS)
    return [
        Family(name, rng.choice(suppliers), rng.choice(CATEGORIES)) for name in names
    ]


FAMILIES = families()


def article_data(index, outside):
    """The fields of generated article `index` (in or outside the assortment)
    and the families it fits."""
    start = OUTSIDE_START if outside else IN_ASSORTMENT_START
    rng = random.Random(start + index)  # noqa: S311 - test data, not secrets
    family = rng.choice(FAMILIES)
    category = family.category
    kind = rng.choices(
        (ArticleType.MAIN, ArticleType.ACCESSORY, ArticleType.SPARE_PART),
        weights=(4, 4, 2),
    )[0]
    fits = ()
    if kind == ArticleType.MAIN:
        noun = rng.choice(category.nouns)
        name = f"{noun} {family.name} {rng.choice(category.sizes)}"
        unit = Unit.PIECE
    else:
        noun, unit = rng.choice(
            category.accessories
            if kind == ArticleType.ACCESSORY
            else category.spare_parts
        )
        name = (
            f"{noun} {family.name}"
            if " till " in noun
            else f"{noun} till {family.name}"
        )
        fits = (family.name,)
    return {
        "article_no": str(start + index),
        "name": name,
        "supplier": family.supplier,
        "supplier_article_no": f"{ALL_SUPPLIERS[family.supplier]}{rng.randint(100000, 999999)}",
        "product_name": family.name if kind == ArticleType.MAIN else "",
        "article_type": kind,
        "iso_code": category.iso_code,
        "unit": unit,
        "in_assortment": not outside,
        "individually_marked": kind == ArticleType.MAIN
        and category.iso_code.startswith(I_MARKED_ISO_PREFIXES),
        "lead_time_days": rng.choice((3, 5, 7, 10, 15, 20, 30)),
        "description": rng.choice(DESCRIPTIONS).format(
            noun=noun, supplier=family.supplier
        ),
        "fits": fits,
        "stock": _stock(rng),
    }


def _stock(rng):
    """(on hand, safety stock) at the main warehouse: mostly above safety,
    some at or below it, some out."""
    safety = rng.randint(0, 10)
    level = rng.random()
    if level < 0.08:
        return 0, safety
    if level < 0.20:
        return rng.randint(0, safety), safety
    return safety + rng.randint(1, 40), safety


def generate_articles(count, outside, batch_size=BATCH_SIZE):
    """Upsert `count` generated articles in the assortment and `outside`
    outside it, with their fits, and stock at the main warehouse for those in
    the assortment that have no balance yet. Returns the number stored."""
    if count > MAX_IN_ASSORTMENT or outside > MAX_OUTSIDE:
        raise ValueError(
            f"At most {MAX_IN_ASSORTMENT} in and {MAX_OUTSIDE} outside the assortment."
        )
    Supplier.objects.bulk_create(
        [Supplier(name=name) for name in ALL_SUPPLIERS], ignore_conflicts=True
    )
    IsoClass.objects.bulk_create(
        [IsoClass(code=row["code"], title=row["title"]) for row in loading.rows("iso")],
        ignore_conflicts=True,
    )
    suppliers = dict(
        Supplier.objects.filter(name__in=ALL_SUPPLIERS).values_list("name", "pk")
    )
    iso_classes = dict(IsoClass.objects.values_list("code", "pk"))
    main = Warehouse.objects.get(code=MAIN_WAREHOUSE)
    # Deferred foreign-key checks pile up in one queue per transaction, and
    # every audit-trigger insert walks it: checking per statement keeps each
    # batch as fast as the first.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    wanted = [(i, False) for i in range(count)] + [(i, True) for i in range(outside)]
    for batch in batched(wanted, batch_size):
        rows = [article_data(index, is_outside) for index, is_outside in batch]
        _store(rows, suppliers, iso_classes, main)
    return len(wanted)


def _store(rows, suppliers, iso_classes, main):
    articles = Article.objects.bulk_create(
        [
            Article(
                **{
                    key: value
                    for key, value in row.items()
                    if key not in ("supplier", "iso_code", "fits", "stock")
                },
                supplier_id=suppliers[row["supplier"]],
                iso_class_id=iso_classes[row["iso_code"]],
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["article_no"],
        update_fields=ARTICLE_FIELDS,
    )
    ArticleFit.objects.bulk_create(
        [
            ArticleFit(accessory=article, product_name=product_name)
            for article, row in zip(articles, rows, strict=True)
            for product_name in row["fits"]
        ],
        ignore_conflicts=True,
    )
    stocked = set(
        StockBalance.objects.filter(warehouse=main, article__in=articles).values_list(
            "article_id", flat=True
        )
    )
    # A bulk stock count: one balance and one ledger row per article, as
    # warehouse.services.count_stock would write them one at a time.
    balances = StockBalance.objects.bulk_create(
        [
            StockBalance(
                warehouse=main,
                article=article,
                on_hand=row["stock"][0],
                safety_stock=row["stock"][1],
            )
            for article, row in zip(articles, rows, strict=True)
            if row["in_assortment"] and article.pk not in stocked
        ]
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                balance=balance,
                kind=MovementKind.COUNT,
                on_hand_change=balance.on_hand,
                reason=STOCK_REASON,
            )
            for balance in balances
        ]
    )

"""Imports of ISO classes and articles."""

import pytest

from catalog.choices import ArticleType, Unit
from catalog.models import Article, ArticleFit, IsoClass, Replacement, Supplier
from tests.factories import (
    ArticleFactory,
    ArticleFitFactory,
    IsoClassFactory,
    SupplierFactory,
)

from .helpers import import_csv, import_fails

pytestmark = pytest.mark.django_db

ARTICLE_HEADER = (
    "article_no;name;supplier;supplier_article_no;product_name;article_type;"
    "iso_code;unit;in_assortment;individually_marked;outgoing;replaces;fits;"
    "lead_time_days;description"
)


def article_line(article_no, **cells):
    """An article row with good defaults; `cells` overrides columns by name."""
    values = {
        "article_no": article_no,
        "name": f"Rollator {article_no}",
        "supplier": "Invacare AB",
        "supplier_article_no": f"INV-{article_no}",
        "product_name": "Dolomite Jazz",
        "article_type": "huvudhjälpmedel",
        "iso_code": "122206",
        "unit": "st",
        "in_assortment": "1",
        "individually_marked": "1",
        "outgoing": "0",
        "replaces": "",
        "fits": "",
        "lead_time_days": "5",
        "description": "",
    } | cells
    return ";".join(values[name] for name in ARTICLE_HEADER.split(";"))


@pytest.fixture
def catalogue(db):
    SupplierFactory(name="Invacare AB")
    IsoClassFactory(code="122206", title="Rollatorer")


def test_it_imports_iso_classes_under_their_parents(csv_file):
    IsoClassFactory(code="12", title="Hjälpmedel för personlig förflyttning")
    path = csv_file(
        [
            "code;title",
            "1222;Gåhjälpmedel som hanteras med båda armarna",
            "122206;Rollatorer",
            "1224;Tillbehör till gåhjälpmedel",
        ]
    )

    out = import_csv("iso", path)

    assert out.endswith(": 3 skapade, 0 ändrade, 0 oförändrade\n")
    assert IsoClass.objects.get(code="122206").title == "Rollatorer"
    assert import_csv("iso", path).endswith(": 0 skapade, 0 ändrade, 3 oförändrade\n")


def test_an_iso_class_needs_its_parent_in_the_database_or_earlier_in_the_file(
    csv_file,
):
    path = csv_file(
        [
            "code;title",
            "122206;Rollatorer",
            "12;Förflyttning",
            "1222;Gåhjälpmedel",
            "12220;Fem siffror",
            "1299;Saknar inte förälder",
        ]
    )

    assert import_fails("iso", path) == [
        f"{path}:2: code: överordnad klass 1222 saknas",
        f"{path}:5: code: Ange en ISO-kod med 2, 4 eller 6 siffror.",
    ]


def test_it_imports_articles_with_replacements_and_fits(csv_file, catalogue):
    old = ArticleFactory(article_no="100001", outgoing=True)
    path = csv_file(
        [
            ARTICLE_HEADER,
            article_line(
                "200001",
                replaces="200002|100001",
                description='"Hopfällbar; ""smal"""',
                unit="par",
            ),
            article_line("200002", outgoing="1", in_assortment="0", lead_time_days=""),
            article_line(
                "200003",
                article_type="tillbehör",
                fits="Dolomite Jazz|Cross",
                individually_marked="",
            ),
        ]
    )

    out = import_csv("articles", path)

    assert out.endswith(": 3 skapade, 0 ändrade, 0 oförändrade\n")
    new, outgoing, accessory = Article.objects.filter(
        article_no__startswith="2"
    ).order_by("article_no")
    assert (new.name, new.supplier.name, new.iso_class.code, new.unit) == (
        "Rollator 200001",
        "Invacare AB",
        "122206",
        Unit.PAIR,
    )
    assert new.supplier_article_no == "INV-200001"
    assert new.description == 'Hopfällbar; "smal"'
    assert (new.in_assortment, new.individually_marked, new.outgoing) == (
        True,
        True,
        False,
    )
    assert new.lead_time_days == 5
    assert list(
        new.older_links.order_by("preference").values_list(
            "old__article_no", "preference"
        )
    ) == [("200002", 1), (old.article_no, 2)]
    assert (outgoing.in_assortment, outgoing.outgoing) == (False, True)
    assert outgoing.lead_time_days == 0
    assert accessory.article_type == ArticleType.ACCESSORY
    assert not accessory.individually_marked
    assert set(accessory.fits.values_list("product_name", flat=True)) == {
        "Dolomite Jazz",
        "Cross",
    }
    assert import_csv("articles", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )


def test_it_updates_articles_and_their_replacements_and_fits(csv_file, catalogue):
    first, second = (
        ArticleFactory(article_no="100001"),
        ArticleFactory(article_no="100002"),
    )
    article = ArticleFactory(
        article_no="200001",
        name="Rollator 200001",
        supplier=SupplierFactory(name="Invacare AB"),
        supplier_article_no="INV-200001",
        product_name="Dolomite Jazz",
        iso_class=IsoClassFactory(code="122206"),
        individually_marked=True,
        lead_time_days=5,
    )
    Replacement.objects.create(new=article, old=first, preference=1)
    Replacement.objects.create(new=article, old=second, preference=2)
    ArticleFitFactory(accessory=article, product_name="Cross")
    path = csv_file([ARTICLE_HEADER, article_line("200001", replaces="100002|100001")])

    out = import_csv("articles", path)

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert list(
        article.older_links.order_by("preference").values_list(
            "old__article_no", flat=True
        )
    ) == ["100002", "100001"]
    assert not article.fits.exists()


def test_a_changed_field_updates_the_article(csv_file, catalogue):
    import_csv("articles", csv_file([ARTICLE_HEADER, article_line("200001")]))

    out = import_csv(
        "articles", csv_file([ARTICLE_HEADER, article_line("200001", name="Ny")])
    )

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert Article.objects.get().name == "Ny"


def test_article_type_and_unit_are_read_by_label_in_any_case(csv_file, catalogue):
    path = csv_file(
        [
            ARTICLE_HEADER,
            article_line("200001", article_type="Huvudhjälpmedel", unit="ST"),
            article_line("200002", article_type="TILLBEHÖR", unit="Par"),
            article_line("200003", article_type="reservdel", unit=" Sats "),
        ]
    )

    import_csv("articles", path)

    assert list(
        Article.objects.order_by("article_no").values_list("article_type", "unit")
    ) == [
        (ArticleType.MAIN, Unit.PIECE),
        (ArticleType.ACCESSORY, Unit.PAIR),
        (ArticleType.SPARE_PART, Unit.SET),
    ]
    assert import_csv("articles", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )


def test_an_unknown_supplier_is_created_once_and_counted(csv_file, catalogue):
    moved = ArticleFactory(
        article_no="200003", supplier=SupplierFactory(name="Gamla AB")
    )
    path = csv_file(
        [
            ARTICLE_HEADER,
            article_line("200001", supplier="Etac Sverige AB"),
            article_line("200002", supplier="Etac Sverige AB"),
            article_line("200003", supplier="Handicare AB"),
            article_line("200004"),
        ]
    )

    assert import_csv("articles", path).endswith(
        ": 3 skapade, 1 ändrade, 0 oförändrade, 2 leverantörer skapade\n"
    )
    assert dict(
        Article.objects.filter(article_no__startswith="2").values_list(
            "article_no", "supplier__name"
        )
    ) == {
        "200001": "Etac Sverige AB",
        "200002": "Etac Sverige AB",
        "200003": "Handicare AB",
        "200004": "Invacare AB",
    }
    assert moved.pk == Article.objects.get(supplier__name="Handicare AB").pk
    assert import_csv("articles", path).endswith(
        ": 0 skapade, 0 ändrade, 4 oförändrade\n"
    )
    assert Supplier.objects.count() == 4


def test_a_dry_run_counts_but_creates_no_supplier(csv_file, catalogue):
    path = csv_file([ARTICLE_HEADER, article_line("200001", supplier="Etac AB")])

    assert import_csv("articles", path, "--dry-run").endswith(
        "1 skapade, 0 ändrade, 0 oförändrade, 1 leverantör skapad\n"
    )
    assert not Supplier.objects.filter(name="Etac AB").exists()


def test_a_new_suppliers_name_must_fit(csv_file, catalogue):
    path = csv_file([ARTICLE_HEADER, article_line("200001", supplier="E" * 201)])

    assert import_fails("articles", path) == [
        f"{path}:2: supplier: Säkerställ att detta värde har som mest 200 tecken "
        "(den har 201).",
    ]


SUPPLIER_HEADER = "name;org_number;phone;email;website"


def test_it_imports_suppliers_and_a_second_import_changes_nothing(csv_file):
    SupplierFactory(name="Invacare AB")
    path = csv_file(
        [
            SUPPLIER_HEADER,
            "Invacare AB;556036-0793;08-761 70 90;order@invacare.se;www.invacare.se",
            "Etac Sverige AB;;;;https://www.etac.se",
        ]
    )

    assert import_csv("suppliers", path).endswith(
        ": 1 skapade, 1 ändrade, 0 oförändrade\n"
    )
    invacare = Supplier.objects.get(name="Invacare AB")
    assert (
        invacare.org_number,
        invacare.phone,
        invacare.email,
        invacare.website,
    ) == ("5560360793", "08-761 70 90", "order@invacare.se", "https://www.invacare.se")
    assert Supplier.objects.get(name="Etac Sverige AB").website == "https://www.etac.se"
    assert import_csv("suppliers", path).endswith(
        ": 0 skapade, 0 ändrade, 2 oförändrade\n"
    )


def test_a_suppliers_file_with_only_names_keeps_the_contact_details(csv_file):
    SupplierFactory(name="Invacare AB", phone="08-761 70 90")
    path = csv_file(["name", "Invacare AB", "Etac Sverige AB"])

    assert import_csv("suppliers", path).endswith(
        ": 1 skapade, 0 ändrade, 1 oförändrade\n"
    )
    assert Supplier.objects.get(name="Invacare AB").phone == "08-761 70 90"


def test_bad_suppliers_are_reported(csv_file):
    path = csv_file(
        [
            SUPPLIER_HEADER,
            "Invacare AB;5560360794;;;",
            "Etac AB;55603607;;order@;",
            ";556036-0793;;;",
            "Etac AB;;;;",
        ]
    )

    assert import_fails("suppliers", path) == [
        f"{path}:2: org_number: Organisationsnumret är felaktigt: kontrollsiffran "
        "stämmer inte.",
        f"{path}:3: org_number: Ange organisationsnumret med 10 siffror, till "
        "exempel 5560360793.",
        f"{path}:3: email: Fyll i en giltig e-postadress.",
        f"{path}:4: name: Detta fält får inte vara tomt.",
        f"{path}:5: name: Etac AB finns redan på rad 3",
    ]


def test_bad_articles_are_reported(csv_file, catalogue):
    path = csv_file(
        [
            ARTICLE_HEADER,
            article_line("200001", supplier="Okänd AB", iso_code="999999"),
            article_line("200002", unit="kg", article_type="leksak"),
            article_line("200003", in_assortment="ja", lead_time_days="fem"),
            article_line("200004", replaces="200004"),
            article_line("200005", replaces="300000|200001"),
            article_line("200006", lead_time_days="-1", fits="Cross|Cross"),
            article_line("20000A", name=""),
            article_line("200001"),
        ]
    )

    assert import_fails("articles", path) == [
        f"{path}:2: iso_code: okänd ISO-kod 999999",
        f"{path}:3: article_type: leksak är inte tillåtet "
        "(Huvudhjälpmedel, Tillbehör, Reservdel, Förbrukning, Egenavgift)",
        f"{path}:3: unit: kg är inte tillåtet (st, par, sats)",
        f"{path}:4: in_assortment: ange 1 eller 0, inte ja",
        f"{path}:4: lead_time_days: fem är inte ett heltal",
        f"{path}:5: replaces: en artikel kan inte ersätta sig själv",
        f"{path}:6: replaces: okänd artikel 300000",
        f"{path}:7: fits: Cross står två gånger",
        f"{path}:7: lead_time_days: -1 är mindre än 0",
        f"{path}:8: article_no: Ange ett artikelnummer med siffror.",
        f"{path}:8: name: Detta fält får inte vara tomt.",
        f"{path}:9: article_no: 200001 finns redan på rad 2",
    ]


def test_the_articles_import_does_not_query_per_row(
    csv_file, catalogue, django_assert_max_num_queries
):
    ArticleFactory(article_no="100001")
    path = csv_file(
        [ARTICLE_HEADER]
        + [
            article_line(str(200000 + n), replaces="100001", fits="Cross")
            for n in range(200)
        ]
    )

    with django_assert_max_num_queries(25):
        out = import_csv("articles", path)

    assert out.endswith(": 200 skapade, 0 ändrade, 0 oförändrade\n")
    assert Replacement.objects.count() == ArticleFit.objects.count() == 200

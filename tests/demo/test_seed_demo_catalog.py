from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from catalog.choices import ArticleType, Unit
from catalog.models import (
    Article,
    ArticleFit,
    ArticlePrice,
    IsoClass,
    Replacement,
    Supplier,
)
from warehouse.choices import MovementKind
from warehouse.models import StockBalance, StockMovement, Warehouse

ISO_CLASSES_USED = {
    "043303",  # cushions
    "091203",  # commode chairs
    "091212",  # toilet seat raisers
    "093303",  # shower chairs
    "120606",  # rollators
    "122203",  # manual wheelchairs
    "122306",  # powered wheelchairs
    "123603",  # mobile hoists
    "123604",  # standing hoists
    "123612",  # ceiling hoists
    "181210",  # beds
}


def seed():
    call_command("seed_demo", stdout=StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Supplier,
            IsoClass,
            Article,
            ArticleFit,
            Replacement,
            StockBalance,
            StockMovement,
        )
    }


def older_of(article_no):
    return list(
        Replacement.objects.filter(new__article_no=article_no)
        .order_by("preference")
        .values_list("old__article_no", flat=True)
    )


def available_at_main(article_no):
    balance = StockBalance.objects.get(
        warehouse__code="500", article__article_no=article_no
    )
    return balance.available


def test_it_loads_at_least_300_articles_across_the_iso_classes(seeded):
    assert Article.objects.count() >= 300
    used = set(Article.objects.values_list("iso_class__code", flat=True))
    assert ISO_CLASSES_USED <= used
    codes = set(IsoClass.objects.values_list("code", flat=True))
    for code in used:
        assert code[:2] in codes
        assert code[:4] in codes


def test_it_has_every_kind_of_article_and_unit(seeded):
    types = set(Article.objects.values_list("article_type", flat=True))
    assert {
        ArticleType.MAIN,
        ArticleType.ACCESSORY,
        ArticleType.SPARE_PART,
        ArticleType.PATIENT_FEE,
    } <= types
    assert set(Article.objects.values_list("unit", flat=True)) == set(Unit.values)
    assert not Article.objects.filter(description="").exists()
    assert (
        Article.objects.filter(lead_time_days__gt=0).count()
        == Article.objects.exclude(article_type=ArticleType.PATIENT_FEE).count()
    )


def test_accessories_fit_families_of_main_aids(seeded):
    accessories = Article.objects.filter(
        article_type=ArticleType.ACCESSORY, in_assortment=True
    )
    assert accessories.count() >= 50
    assert not accessories.filter(fits__isnull=True).exists()
    families = set(
        Article.objects.filter(
            article_type=ArticleType.MAIN, in_assortment=True
        ).values_list("product_name", flat=True)
    )
    assert {"Cross", "Olympos", "Azalea", "Minicrosser"} <= families
    assert set(ArticleFit.objects.values_list("product_name", flat=True)) <= families
    assert ArticleFit.objects.filter(
        product_name="Cross", accessory__article_type=ArticleType.ACCESSORY
    ).exists()


def test_wheelchairs_beds_and_hoists_are_individually_marked(seeded):
    main = Article.objects.filter(article_type=ArticleType.MAIN)
    for prefix in ("1222", "1223", "181210", "123603", "123604", "123612"):
        aids = main.filter(iso_class__code__startswith=prefix)
        assert aids.exists()
        assert not aids.filter(individually_marked=False).exists()
    assert not main.filter(iso_class__code="120606", individually_marked=True).exists()


def test_it_loads_the_manuals_three_outgoing_examples(seeded):
    assert older_of("11418") == ["11411"]
    assert older_of("34305") == ["10968"]
    assert older_of("32733") == ["16988", "18387"]
    outgoing = set(
        Article.objects.filter(outgoing=True).values_list("article_no", flat=True)
    )
    assert {"11411", "10968", "16988", "18387"} <= outgoing
    assert not {"11418", "34305", "32733"} & outgoing
    # Example 1: stock on both; 2: on the older only; 3: on both older only.
    assert available_at_main("11411") > 0
    assert available_at_main("11418") > 0
    assert available_at_main("10968") > 0
    assert available_at_main("34305") == 0
    assert available_at_main("16988") > 0
    assert available_at_main("18387") > 0
    assert available_at_main("32733") == 0


def test_other_outgoing_articles_have_newer_replacements(seeded):
    outgoing = Article.objects.filter(outgoing=True, in_assortment=True)
    assert outgoing.count() > 4
    assert not outgoing.filter(newer_links__isnull=True).exists()


def test_some_articles_are_outside_the_assortment_some_with_an_alternative(seeded):
    outside = Article.objects.filter(in_assortment=False)
    assert outside.count() >= 20
    alternatives = Replacement.objects.filter(old__in=outside)
    assert alternatives.exists()
    assert not alternatives.filter(new__in_assortment=False).exists()
    assert not StockBalance.objects.filter(article__in=outside).exists()


@pytest.mark.parametrize("code", ["500", "402", "602"])
def test_each_warehouse_holds_stock_at_below_and_above_safety_and_none(seeded, code):
    balances = StockBalance.objects.filter(warehouse__code=code)
    assert balances.filter(on_hand=0).exists()
    assert balances.filter(on_hand__gt=0, on_hand__lt=F("safety_stock")).exists()
    assert balances.filter(on_hand__gt=0, on_hand=F("safety_stock")).exists()
    assert balances.filter(on_hand__gt=F("safety_stock")).exists()


def test_every_balance_is_explained_by_the_ledger(seeded):
    # Counted in by seed_demo, then reserved by the demo order.
    explained = StockBalance.objects.annotate(
        counted=Sum("movements__on_hand_change"),
        reserved_by_ledger=Sum("movements__reserved_change"),
    )
    assert not explained.exclude(
        on_hand=F("counted"), reserved=F("reserved_by_ledger")
    ).exists()
    assert StockMovement.objects.filter(kind=MovementKind.RESERVE).exists()
    # Every article in the assortment but the patient fee, which is no stock.
    assert Warehouse.objects.get(code="500").balances.count() == (
        Article.objects.filter(in_assortment=True)
        .exclude(article_type=ArticleType.PATIENT_FEE)
        .count()
    )


def test_running_it_twice_gives_the_same_catalogue_and_stock(seeded):
    before = counts()

    seed()

    assert counts() == before


def test_running_it_again_restores_a_changed_article_and_balance(seeded):
    Article.objects.filter(article_no="11418").update(
        name="Fel namn", in_assortment=False
    )
    StockBalance.objects.filter(
        warehouse__code="500", article__article_no="11411"
    ).update(on_hand=0)

    seed()

    article = Article.objects.get(article_no="11418")
    assert article.name == "Rollator Olympos ELS sitthöjd 60"
    assert article.in_assortment
    assert available_at_main("11411") == 6


def test_every_article_has_a_price_since_2024_rented_or_sold(seeded):
    prices = {
        row.article_id: row
        for row in ArticlePrice.objects.filter(valid_from=date(2024, 1, 1))
    }

    for article in Article.objects.all():
        row = prices[article.pk]
        rented = article.article_type == ArticleType.MAIN
        assert (row.monthly_rent is not None, row.price is not None) == (
            rented,
            not rented,
        )


def test_seeding_again_adds_no_price(seeded):
    before = ArticlePrice.objects.count()

    seed()

    assert ArticlePrice.objects.count() == before

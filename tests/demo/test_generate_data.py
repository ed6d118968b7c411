from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.choices import ArticleType
from catalog.models import Article, ArticleFit
from core.validators import validate_personnummer
from demo.scale_aids import benchmark_patient
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

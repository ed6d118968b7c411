import pytest
from django.urls import reverse

from catalog.choices import DocumentKind, Unit
from catalog.models import ArticleDocument
from tests.factories import (
    ArticleFactory,
    ArticleFitFactory,
    ReplacementFactory,
    StockBalanceFactory,
)
from warehouse.models import Warehouse

from .helpers import checkboxes


def page(client, article_no):
    return client.get(reverse("article_detail", args=[article_no]))


@pytest.fixture
def detailed(rollator):
    rollator.unit = Unit.PAIR
    rollator.individually_marked = True
    rollator.outgoing = True
    rollator.description = "Hopfällbar, med korg och bricka."
    rollator.save()
    return rollator


def test_it_requires_login(client, rollator):
    response = page(client, "17940")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_number_is_404(logged_in, rollator):
    assert page(logged_in, "17941").status_code == 404


def test_it_shows_what_a_prescriber_needs(logged_in, detailed):
    text = page(logged_in, "17940").text

    assert "<h1>17940 Rollator, 4-hjulig, Cross 6</h1>" in text
    for label, value in [
        ("Leverantör", "Invacare AB"),
        ("Leverantörens artikelnummer", "1560102"),
        ("Produktnamn", "Cross"),
        ("Artikeltyp", "Huvudhjälpmedel"),
        ("Enhet", "par"),
        ("Individmärkt", "Ja"),
        ("Utgående", "Ja"),
        ("Sortiment", "Ingår i sortimentet"),
        ("Leveranstid från leverantör", "10 arbetsdagar"),
    ]:
        assert (
            f'<dt class="col-sm-5">{label}</dt><dd class="col-sm-7">{value}</dd>'
            in text
        )
    assert (
        f'href="{reverse("catalogue_class", args=["120606"])}">12 06 06 Rollatorer'
        in text
    )
    assert "Hopfällbar, med korg och bricka." in text


def test_an_orderable_article_has_beställ(logged_in, rollator):
    text = page(logged_in, "17940").text

    assert f'action="{reverse("order_add_articles")}"' in text
    assert '<input type="hidden" name="articles" value="17940">' in text
    assert "hjälpmedelskonsulenten har beviljat" not in text


def test_outside_the_assortment_it_shows_the_notice_instead(logged_in, rollator):
    rollator.in_assortment = False
    rollator.save()

    text = page(logged_in, "17940").text

    assert 'name="articles"' not in text
    assert "först när hjälpmedelskonsulenten har beviljat en begäran" in text
    assert "Kontakta hjälpmedelskonsulent" in text
    assert "Begär artikeln" in text
    assert '<dd class="col-sm-7">Utanför sortiment</dd>' in text


def test_stock_status_per_warehouse(logged_in, rollator):
    StockBalanceFactory(article=rollator, on_hand=1, safety_stock=3)
    StockBalanceFactory(
        article=rollator, warehouse=Warehouse.objects.get(code="402"), on_hand=8
    )

    text = page(logged_in, "17940").text

    assert '<th scope="row">402 NUS Umeå</th>' in text
    assert '<th scope="row">500 HMV huvudlager</th>' in text
    assert '<th scope="row">602 Lycksele lasarett</th>' in text
    stock = text[text.index('id="stock-heading"') :]
    # The main warehouse first, as it delivers; then the local stores.
    assert (
        stock.index("500 HMV")
        < stock.index("Få kvar")
        < stock.index("402 NUS")
        < stock.index("I lager")
        < stock.index("602 Lycksele")
        < stock.index("Slut i lager<")
    )


def test_documents_images_and_links(logged_in, rollator):
    manual = ArticleDocument.objects.create(
        article=rollator,
        title="Bruksanvisning",
        kind=DocumentKind.MANUAL,
        file="articles/2026/bruksanvisning.pdf",
    )
    image = ArticleDocument.objects.create(
        article=rollator,
        title="Rollator från sidan",
        kind=DocumentKind.IMAGE,
        file="articles/2026/sidan.jpg",
    )
    ArticleDocument.objects.create(
        article=rollator,
        title="Leverantörens sida",
        kind=DocumentKind.LINK,
        url="https://leverantor.example/cross6",
    )

    text = page(logged_in, "17940").text

    manual_url = reverse("article_document", args=[manual.pk])
    image_url = reverse("article_document", args=[image.pk])
    assert f'<a href="{manual_url}">Bruksanvisning</a> (Manual, laddas ned)' in text
    assert (
        f'<img class="figure-img img-fluid" src="{image_url}" alt="Rollator från sidan">'
        in text
    )
    assert '<a href="https://leverantor.example/cross6">Leverantörens sida</a>' in text
    assert 'target="_blank"' not in text


def test_what_it_replaces_in_preference_order_and_what_replaces_it(logged_in, rollator):
    ReplacementFactory(new=rollator, old__article_no="11112", preference=2)
    ReplacementFactory(new=rollator, old__article_no="11111", preference=3)
    ReplacementFactory(
        new=rollator, old__article_no="11113", old__in_assortment=False, preference=1
    )
    ReplacementFactory(new__article_no="22222", old=rollator)

    response = page(logged_in, "17940")

    replaces = [a.article_no for a in response.context["replaces"]]
    assert replaces == ["11113", "11112", "11111"]
    assert [a.article_no for a in response.context["replaced_by"]] == ["22222"]
    text = response.text
    assert text.index('id="replaces-heading"') < text.index("/artikel/11113/")
    assert text.index('id="replaced-by-heading"') < text.index("/artikel/22222/")
    assert "Utanför sortiment – kan inte beställas här" in text


def test_accessories_that_fit_it_can_be_ticked(logged_in, rollator):
    ArticleFitFactory(accessory__article_no="33331", product_name="cross")
    ArticleFitFactory(
        accessory__article_no="33332",
        accessory__in_assortment=False,
        product_name="Cross",
    )
    ArticleFitFactory(accessory__article_no="33333", product_name="Rebel")
    ArticleFactory(article_no="33334", product_name="Cross")

    response = page(logged_in, "17940")

    assert [a.article_no for a in response.context["accessories"]] == ["33331"]
    assert checkboxes(response) == ["33331"]
    assert 'for="accessory-33331">Välj 33331</label>' in response.text


def test_an_article_without_product_name_has_no_accessories(logged_in, rollator):
    rollator.product_name = ""
    rollator.save()
    ArticleFitFactory(accessory__article_no="33331", product_name="")

    assert page(logged_in, "17940").context["accessories"] == []


@pytest.mark.parametrize("many", [1, 20])
def test_the_query_count_does_not_grow(
    logged_in, rollator, django_assert_num_queries, many
):
    for n in range(many):
        ArticleFitFactory(accessory__article_no=f"{40000 + n}")
        ReplacementFactory(new=rollator, old__article_no=f"{50000 + n}", preference=n)
        ArticleDocument.objects.create(
            article=rollator,
            title=f"Länk {n}",
            kind=DocumentKind.LINK,
            url="https://leverantor.example/",
        )

    # session, user, article, documents, stock per warehouse, replaces,
    # replaced by, accessories, the header's customers
    with django_assert_num_queries(9):
        response = page(logged_in, "17940")

    assert len(response.context["accessories"]) == many

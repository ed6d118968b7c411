import pytest
from django.urls import reverse

from catalog.choices import ArticleType
from catalog.forms import ArticleSearchForm
from tests.factories import (
    ArticleFactory,
    ArticleFitFactory,
    ReplacementFactory,
    StockBalanceFactory,
    SupplierFactory,
)

from .helpers import bulk_articles, checkboxes, listed

URL = reverse("article_search")


def search(client, **criteria):
    return client.get(URL, criteria)


@pytest.fixture
def walker(db):
    return ArticleFactory(
        article_no="20001",
        name="Rollator, 4-hjulig",
        supplier_article_no="RL-4400-B",
    )


@pytest.fixture
def shower_chair(db):
    return ArticleFactory(
        article_no="20002",
        name="Duschstol Élan, med armstöd",
        supplier_article_no="DS-100",
    )


def test_it_requires_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_empty_page_shows_the_form_and_no_results(logged_in, walker):
    response = logged_in.get(URL)

    assert response.status_code == 200
    assert 'name="name"' in response.text
    assert "Sökresultat" not in response.text
    assert "Ange minst ett sökvillkor" not in response.text


def test_a_search_without_criteria_asks_for_one_and_lists_nothing(logged_in, walker):
    response = search(logged_in, name="", supplier_article_no="  ")

    assert "Ange minst ett sökvillkor." in response.text
    assert response.context["articles"] is None
    assert "Sökresultat" not in response.text


def test_outside_assortment_alone_is_no_criterion(logged_in, walker):
    walker.in_assortment = False
    walker.save()

    response = search(logged_in, outside_assortment="on")

    assert "Ange minst ett sökvillkor." in response.text


@pytest.mark.parametrize("typed", ["RL-4400-B", "4400", "rl-44", "400-b"])
def test_supplier_article_number_whole_or_part(logged_in, walker, shower_chair, typed):
    assert listed(search(logged_in, supplier_article_no=typed)) == ["20001"]


@pytest.mark.parametrize(
    "typed",
    ["rollator 4 hjul", "hjul rollator", "HJULIG ROLL", "4-hjulig", "rollator, 4"],
)
def test_name_parts_in_any_order_and_case(logged_in, walker, shower_chair, typed):
    assert listed(search(logged_in, name=typed)) == ["20001"]


@pytest.mark.parametrize("typed", ["elan", "ÉLAN", "élan armstod"])
def test_name_ignores_accents(logged_in, walker, shower_chair, typed):
    assert listed(search(logged_in, name=typed)) == ["20002"]


def test_every_name_word_must_match(logged_in, walker, shower_chair):
    response = search(logged_in, name="rollator armstöd")

    assert listed(response) == []
    assert "Inga artiklar matchar sökvillkoren." in response.text


def test_name_wildcards_are_plain_text(logged_in, walker):
    assert listed(search(logged_in, name="roll%tor")) == []
    assert listed(search(logged_in, name="_ollator")) == []


@pytest.fixture
def cross_family(db):
    """A Cross rollator, two accessories fitting Cross (one also fits Rebel),
    and a Minicrosser accessory that does not fit Cross."""
    ArticleFactory(article_no="30001", name="Rollator Cross 6", product_name="Cross")
    armrest = ArticleFitFactory(
        accessory__article_no="30002",
        accessory__name="Armstöd höger",
        product_name="Cross",
    ).accessory
    ArticleFitFactory(accessory=armrest, product_name="Rebel")
    ArticleFitFactory(
        accessory__article_no="30003", accessory__name="Korg", product_name="CROSS"
    )
    ArticleFitFactory(
        accessory__article_no="30004",
        accessory__name="Armstöd vänster",
        product_name="Minicrosser",
    )
    ArticleFactory(article_no="30005", name="Rollator Rebel", product_name="Rebel")


def test_product_name_finds_the_family_and_its_accessories_once(
    logged_in, cross_family
):
    assert listed(search(logged_in, product_name="cross")) == [
        "30001",
        "30002",
        "30003",
    ]


def test_product_name_is_the_whole_name(logged_in, cross_family):
    assert listed(search(logged_in, product_name="cros")) == []


def test_product_name_combined_with_name_finds_the_armrests_of_the_family(
    logged_in, cross_family
):
    assert listed(search(logged_in, product_name="Cross", name="armst")) == ["30002"]


def test_supplier_from_the_list(logged_in, walker, shower_chair):
    response = search(logged_in, supplier=shower_chair.supplier.pk)

    assert listed(response) == ["20002"]
    assert f'<option value="{walker.supplier.pk}">{walker.supplier.name}</option>' in (
        response.text
    )


def test_article_type_from_the_list(logged_in, walker, cross_family):
    response = search(logged_in, article_type=ArticleType.ACCESSORY)

    assert listed(response) == ["30002", "30003", "30004"]


def test_criteria_combine(logged_in, db):
    supplier = SupplierFactory(name="Etac AB")
    ArticleFactory(article_no="40001", name="Rollator Etac", supplier=supplier)
    ArticleFactory(article_no="40002", name="Rollator annan")
    ArticleFactory(
        article_no="40003",
        name="Rollator Etac korg",
        supplier=supplier,
        article_type=ArticleType.ACCESSORY,
    )

    response = search(
        logged_in,
        name="rollator",
        supplier=supplier.pk,
        article_type=ArticleType.MAIN,
    )

    assert listed(response) == ["40001"]


def test_an_unknown_supplier_is_refused_at_the_field_and_the_typing_kept(
    logged_in, walker
):
    response = search(logged_in, name="rollator", supplier="999999")

    assert response.context["form"].errors == {
        "supplier": ["Välj en leverantör i listan."]
    }
    assert 'value="rollator"' in response.text
    assert response.context["articles"] is None


def test_an_unknown_article_type_is_refused(logged_in, walker):
    response = search(logged_in, article_type="bil")

    assert response.context["form"].errors == {
        "article_type": ["Välj en artikeltyp i listan."]
    }


def test_too_long_a_name_is_refused_in_swedish(logged_in, walker):
    response = search(logged_in, name="x" * 101)

    assert "Säkerställ att detta värde har som mest 100 tecken" in response.text


def test_results_show_the_columns_and_a_labelled_checkbox(logged_in, walker):
    StockBalanceFactory(article=walker, on_hand=5, safety_stock=1)

    response = search(logged_in, name="rollator")

    text = response.text
    for heading in [
        "Artikelnummer",
        "Benämning",
        "Enhet",
        "Leverantör",
        "Leverantörens artikelnummer",
        "Lagerstatus",
    ]:
        assert f'<th scope="col">{heading}</th>' in text
    assert '<a href="/artikel/20001/">20001</a>' in text
    assert walker.supplier.name in text
    assert "RL-4400-B" in text
    assert "I lager" in text
    assert checkboxes(response) == ["20001"]
    assert (
        '<label class="visually-hidden" for="choose-20001">Välj 20001</label>' in text
    )
    assert f'action="{reverse("order_add_articles")}"' in text
    assert ">Beställ</button>" in text


def test_stock_status_text_for_each_state(logged_in, db):
    in_stock = ArticleFactory(article_no="60001", name="Stol a")
    few_left = ArticleFactory(article_no="60002", name="Stol b")
    empty = ArticleFactory(article_no="60003", name="Stol c", lead_time_days=12)
    StockBalanceFactory(article=in_stock, on_hand=5, safety_stock=2)
    StockBalanceFactory(article=few_left, on_hand=5, reserved=3, safety_stock=2)
    StockBalanceFactory(article=empty, on_hand=4, reserved=4, safety_stock=2)

    text = search(logged_in, name="stol").text

    assert (
        '<span class="stock stock-in_stock"><span aria-hidden="true">●</span> I lager'
        in text
    )
    assert (
        '<span class="stock stock-few_left"><span aria-hidden="true">◐</span> Få kvar'
        in text
    )
    assert (
        '<span class="stock stock-out_of_stock"><span aria-hidden="true">○</span> '
        "Slut i lager – levereras från leverantör, leveranstid 12 arbetsdagar" in text
    )


def test_outside_assortment_is_left_out_by_default(logged_in, walker):
    ArticleFactory(article_no="20009", name="Rollator gammal", in_assortment=False)

    assert listed(search(logged_in, name="rollator")) == ["20001"]


def test_outside_assortment_lists_only_those_not_orderable_with_alternatives(
    logged_in, walker
):
    old = ArticleFactory(
        article_no="20009", name="Rollator gammal", in_assortment=False
    )
    ReplacementFactory(new=walker, old=old)

    response = search(logged_in, name="rollator", outside_assortment="on")

    assert listed(response) == ["20009"]
    assert checkboxes(response) == []
    assert ">Beställ</button>" not in response.text
    assert "först när hjälpmedelskonsulenten har beviljat" in response.text
    assert "Kontakta hjälpmedelskonsulent" in response.text
    assert "Ersätts av" in response.text
    assert '<a href="/artikel/20001/">20001 Rollator, 4-hjulig</a>' in response.text


def test_at_most_200_rows_and_a_message_when_more_matched(logged_in, walker):
    bulk_articles(200, like=walker)

    response = search(logged_in, name="rollator")

    assert len(listed(response)) == 200
    assert "Fler än 200 artiklar matchar sökvillkoren." in response.text


def test_exactly_200_rows_bring_no_message(logged_in, walker):
    bulk_articles(199, like=walker)

    response = search(logged_in, name="rollator")

    assert len(listed(response)) == 200
    assert "Fler än 200" not in response.text


@pytest.mark.parametrize("matching", [5, 150])
@pytest.mark.parametrize("outside", ["", "on"])
def test_the_query_count_does_not_grow_with_the_hits(
    logged_in, walker, django_assert_num_queries, matching, outside
):
    walker.in_assortment = not outside
    walker.save()
    for article in bulk_articles(matching - 1, like=walker):
        StockBalanceFactory(article=article)
        if outside:
            ReplacementFactory(old=article)

    # session, user, the hits (and the alternatives of those outside the
    # assortment), the header's customers and the supplier list
    with django_assert_num_queries(6 if outside else 5):
        response = search(logged_in, name="rollator", outside_assortment=outside)

    assert len(listed(response)) == matching


def test_the_form_searches_in_the_database_not_in_python(db):
    form = ArticleSearchForm({"name": "rollator 4"})
    assert form.is_valid()

    sql = str(form.search().query)

    assert "immutable_unaccent(LOWER(" in sql
    assert "LIKE" in sql

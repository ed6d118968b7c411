import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, IsoClassFactory

from .helpers import bulk_articles, checkboxes, listed


def browse(client, code=""):
    if code:
        return client.get(reverse("catalogue_class", args=[code]))
    return client.get(reverse("catalogue"))


def classes(response):
    return [(c.code, count) for c, count in response.context["classes"]]


@pytest.fixture
def iso_tree(db):
    """12 Mobility: 1206 walking aids (120603 sticks, 120606 rollators),
    1222 wheelchairs (122203); 09 personal care (0912 toilet, 091203 chairs);
    04 with no articles."""
    tree = {}
    for code, title in [
        ("12", "Hjälpmedel för förflyttning"),
        ("1206", "Gånghjälpmedel"),
        ("120603", "Käppar"),
        ("120606", "Rollatorer"),
        ("1222", "Rullstolar"),
        ("122203", "Manuella rullstolar"),
        ("09", "Hjälpmedel för personlig vård"),
        ("0912", "Toaletthjälpmedel"),
        ("091203", "Toalettstolar"),
        ("04", "Hjälpmedel för behandling"),
        ("0403", "Andningshjälpmedel"),
    ]:
        tree[code] = IsoClassFactory(code=code, title=title)
    for number, code in [
        ("1001", "120606"),
        ("1002", "120606"),
        ("1003", "120603"),
        ("1004", "122203"),
        ("1005", "091203"),
    ]:
        ArticleFactory(
            article_no=number, name=f"Artikel {number}", iso_class=tree[code]
        )
    ArticleFactory(article_no="1009", iso_class=tree["120606"], in_assortment=False)
    ArticleFactory(article_no="1010", iso_class=tree["0403"], in_assortment=False)
    return tree


def test_it_requires_login(client, iso_tree):
    response = browse(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_top_lists_the_classes_with_their_articles_in_the_assortment(
    logged_in, iso_tree
):
    response = browse(logged_in)

    assert classes(response) == [("09", 1), ("12", 4)]
    assert (
        f'href="{reverse("catalogue_class", args=["12"])}">Hjälpmedel för förflyttning'
        in (response.text)
    )


def test_a_class_lists_its_subclasses(logged_in, iso_tree):
    response = browse(logged_in, "12")

    assert classes(response) == [("1206", 3), ("1222", 1)]
    assert "<h1>12 Hjälpmedel för förflyttning</h1>" in response.text


def test_a_subclass_lists_its_divisions(logged_in, iso_tree):
    response = browse(logged_in, "1206")

    assert classes(response) == [("120603", 1), ("120606", 2)]
    assert '<td class="text-nowrap">12 06 06</td>' in response.text


def test_a_division_lists_its_articles_to_order(logged_in, iso_tree):
    response = browse(logged_in, "120606")

    assert listed(response) == ["1001", "1002"]
    assert checkboxes(response) == ["1001", "1002"]
    assert ">Beställ</button>" in response.text
    assert "Lagerstatus" in response.text


def test_breadcrumbs_lead_back_up(logged_in, iso_tree):
    text = browse(logged_in, "120606").text

    crumbs = text[text.index('<ol class="breadcrumb">') : text.index("</ol>")]
    assert f'<a href="{reverse("catalogue")}">Varukatalog</a>' in crumbs
    assert (
        f'<a href="{reverse("catalogue_class", args=["12"])}">12 Hjälpmedel' in crumbs
    )
    assert (
        f'<a href="{reverse("catalogue_class", args=["1206"])}">12 06 Gånghjälpmedel'
        in (crumbs)
    )
    assert 'aria-current="page">12 06 06 Rollatorer</li>' in crumbs


def test_an_unknown_class_is_404(logged_in, iso_tree):
    assert browse(logged_in, "1299").status_code == 404


def test_a_code_of_odd_length_has_no_page(logged_in, iso_tree):
    assert logged_in.get("/varukatalog/120/").status_code == 404


@pytest.mark.parametrize("count", [5, 150])
def test_the_query_count_does_not_grow(
    logged_in, iso_tree, django_assert_num_queries, count
):
    bulk_articles(count, like=ArticleFactory(iso_class=iso_tree["120603"]))
    bulk_articles(count, like=ArticleFactory(iso_class=iso_tree["091203"]), start=60000)

    # session, user, path (none at the top), counts, classes, customers
    for code, queries in [("", 5), ("12", 6), ("1206", 6)]:
        with django_assert_num_queries(queries):
            browse(logged_in, code)
    # session, user, path, articles, customers
    with django_assert_num_queries(5):
        response = browse(logged_in, "120603")

    assert len(listed(response)) == count + 2

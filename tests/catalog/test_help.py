import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("topic", "heading"),
    [
        ("article_search", "Hjälp: Sök artikel"),
        ("article_detail", "Hjälp: Artikel"),
        ("catalogue", "Hjälp: Varukatalog"),
        ("catalogue_class", "Hjälp: Varukatalog"),
    ],
)
def test_each_page_has_its_own_help(client, db, topic, heading):
    response = client.get(reverse("help", args=[topic]))

    assert heading in response.text
    assert "Hjälp: webSesam" not in response.text


def test_the_menu_leads_to_search_and_catalogue(logged_in):
    text = logged_in.get(reverse("article_search")).text

    assert (
        f'<a class="nav-link" href="{reverse("article_search")}" aria-current="page">'
        "Sök artikel</a>" in text
    )
    assert f'<a class="nav-link" href="{reverse("catalogue")}">Varukatalog</a>' in text

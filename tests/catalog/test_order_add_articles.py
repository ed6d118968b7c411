from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import ArticleFactory

URL = reverse("order_add_articles")
BACK = reverse("article_search") + "?name=rollator"


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_requires_login(client, db):
    response = client.post(URL, {"articles": ["12345"]})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_only_post(logged_in):
    assert logged_in.get(URL).status_code == 405


def test_ticked_articles_are_noted_and_the_user_goes_back(logged_in, db):
    ArticleFactory(article_no="12345")
    ArticleFactory(article_no="12346")

    response = logged_in.post(URL, {"articles": ["12345", "12346"], "next": BACK})

    assert response.status_code == 302
    assert response["Location"] == BACK
    assert texts(response) == ["Artiklarna 12345, 12346 är noterade för beställning."]


def test_one_article_is_noted_in_the_singular(logged_in, db):
    ArticleFactory(article_no="12345")

    response = logged_in.post(URL, {"articles": ["12345"], "next": BACK})

    assert texts(response) == ["Artikel 12345 är noterad för beställning."]


def test_an_unknown_number_is_refused(logged_in, db):
    ArticleFactory(article_no="12345")

    response = logged_in.post(URL, {"articles": ["12345", "99999"], "next": BACK})

    assert response["Location"] == BACK
    assert texts(response) == [
        "Artikel 99999 finns inte eller ingår inte i sortimentet och kan inte "
        "beställas här."
    ]


def test_an_article_outside_the_assortment_is_refused(logged_in, db):
    ArticleFactory(article_no="12345", in_assortment=False)

    response = logged_in.post(URL, {"articles": ["12345"], "next": BACK})

    assert texts(response) == [
        "Artikel 12345 finns inte eller ingår inte i sortimentet och kan inte "
        "beställas här."
    ]


def test_nothing_ticked_asks_for_an_article(logged_in, db):
    response = logged_in.post(URL, {"next": BACK})

    assert texts(response) == ["Markera minst en artikel att beställa."]


def test_it_never_sends_the_user_to_another_site(logged_in, db):
    ArticleFactory(article_no="12345")

    response = logged_in.post(
        URL, {"articles": ["12345"], "next": "https://example.com/"}
    )

    assert response["Location"] == reverse("article_search")

"""Beställ from Sök artikel and an article's page: the articles go on the
current draft, or wait until the recipient is chosen. Beställ on a held
aid's page orders the aid for its recipient."""

import pytest
from django.urls import reverse

from orders.views.common import CURRENT_DRAFT
from orders.views.steps import WAITING_ARTICLES
from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    HoldingFactory,
    OrderLineFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

from .steps_helpers import drafts, lines_of, queries, texts, token, url

ADD = reverse("order_add_articles")
BACK = reverse("article_search") + "?name=rollator"


@pytest.fixture
def articles(db):
    return [ArticleFactory(article_no="12345"), ArticleFactory(article_no="12346")]


@pytest.fixture
def draft(logged_in, prescriber):
    """The user's draft, made current by opening its lines."""
    order = DraftOrderFactory(prescriber=prescriber)
    logged_in.get(url("order_lines", order.pk))
    return order


def numbers(order):
    return [(line.article.article_no, line.quantity) for line in lines_of(order)]


def test_it_requires_login_and_post(client, logged_in):
    assert logged_in.get(ADD).status_code == 405
    client.logout()
    response = client.post(ADD, {"articles": ["12345"]})
    assert response["Location"].startswith(reverse("login"))


def test_ticked_articles_go_on_the_current_draft(logged_in, draft, articles):
    response = logged_in.post(ADD, {"articles": ["12345", "12346"], "next": BACK})

    assert response["Location"] == url("order_lines", draft.pk)
    assert numbers(draft) == [("12345", 1), ("12346", 1)]
    assert texts(response) == ["Artiklarna 12345, 12346 är tillagda på beställningen."]


def test_a_repeated_beställ_adds_nothing_twice(logged_in, draft, articles):
    OrderLineFactory(order=draft, article=articles[0], quantity=3)

    logged_in.post(ADD, {"articles": ["12345", "12346"]})
    response = logged_in.post(ADD, {"articles": ["12345", "12346"]})

    assert numbers(draft) == [("12345", 3), ("12346", 1)]
    assert texts(response)[-1] == "Artiklarna finns redan på beställningen."


def test_an_article_with_alternatives_goes_to_its_choice_on_the_lines(logged_in, draft):
    link = ReplacementFactory(new__article_no="11418", old__article_no="11411")
    StockBalanceFactory(article=link.old, on_hand=2)

    response = logged_in.post(ADD, {"articles": ["11418"]})

    [line] = lines_of(draft)
    assert response["Location"] == url("order_lines", draft.pk)


def test_without_a_draft_the_articles_wait_for_the_recipient(
    logged_in, prescriber, articles
):
    person = HoldingFactory(customer=prescriber.customers.get()).person

    response = logged_in.post(ADD, {"articles": ["12345", "12346"], "next": BACK})

    assert response["Location"] == url("order_new")
    assert texts(response) == [
        "Välj mottagare först. De markerade artiklarna läggs sedan till på "
        "beställningen."
    ]
    assert logged_in.session[WAITING_ARTICLES] == ["12345", "12346"]
    assert drafts(prescriber) == []

    page = logged_in.get(url("order_new_for", person.pk)).content.decode()
    assert "Artiklarna 12345, 12346 läggs till på beställningen" in page
    logged_in.post(url("order_new_for", person.pk), {"token": token()})

    [order] = drafts(prescriber)
    assert numbers(order) == [("12345", 1), ("12346", 1)]


def test_a_draft_executed_meanwhile_is_not_added_to(logged_in, draft, articles):
    draft.status = "registered"
    draft.number = "26010001"
    draft.save()

    response = logged_in.post(ADD, {"articles": ["12345"]})

    assert response["Location"] == url("order_new")
    assert draft.lines.count() == 0


def test_someone_elses_draft_is_never_added_to(client, prescriber, colleague, articles):
    order = DraftOrderFactory(prescriber=prescriber)
    client.force_login(colleague)
    session = client.session
    session[CURRENT_DRAFT] = str(order.pk)
    session.save()

    response = client.post(ADD, {"articles": ["12345"]})

    assert response["Location"] == url("order_new")
    assert order.lines.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"articles": ["12345", "99999"]},
            "Artikel 99999 finns inte eller ingår inte i sortimentet och kan inte "
            "beställas här.",
        ),
        (
            {"articles": ["55555"]},
            "Artikel 55555 finns inte eller ingår inte i sortimentet och kan inte "
            "beställas här.",
        ),
        ({}, "Markera minst en artikel att beställa."),
    ],
)
def test_bad_numbers_are_refused_and_the_user_goes_back(
    logged_in, draft, articles, data, message
):
    ArticleFactory(article_no="55555", in_assortment=False)

    response = logged_in.post(ADD, {**data, "next": BACK})

    assert response["Location"] == BACK
    assert texts(response) == [message]
    assert draft.lines.count() == 0


def test_it_never_sends_the_user_to_another_site(logged_in, draft):
    response = logged_in.post(ADD, {"next": "https://example.com/"})

    assert response["Location"] == reverse("article_search")


def test_the_search_page_says_where_the_articles_go(logged_in, draft, articles):
    draft.person.first_name, draft.person.last_name = "Karin", "Berg"
    draft.person.save()

    text = logged_in.get(reverse("article_search") + "?name=rollator").content.decode()

    assert "Markerade artiklar läggs till på beställningen till Karin Berg." in text
    assert f'href="{url("order_lines", draft.pk)}"' in text


def test_without_a_draft_the_search_page_has_no_notice(logged_in, articles):
    text = logged_in.get(reverse("article_search") + "?name=rollator").content.decode()

    assert "Markerade artiklar läggs till" not in text


def test_the_search_page_query_count_does_not_grow(logged_in, draft):
    search = reverse("article_search") + "?name=rollator"
    ArticleFactory(name="Rollator a")
    few, _response = queries(lambda: logged_in.get(search))
    for number in range(30):
        ArticleFactory(name=f"Rollator {number}")

    many, response = queries(lambda: logged_in.get(search))

    assert len(response.context["articles"]) == 31
    assert many == few


def test_beställ_on_a_held_aid_orders_it_for_its_patient(
    logged_in, prescriber, draft, articles
):
    """The current draft is another patient's: it is left alone."""
    holding = HoldingFactory(article=articles[0], customer=prescriber.customers.get())
    page = logged_in.get(url("recipient_holding", holding.person.pk, holding.pk))
    order_for = url("order_new_for", holding.person.pk)

    response = logged_in.post(
        order_for, {"token": str(page.context["order_token"]), "articles": ["12345"]}
    )

    text = page.content.decode()
    assert f'action="{order_for}"' in text
    assert '<input type="hidden" name="articles" value="12345">' in text
    [order] = [order for order in drafts(prescriber) if order.pk != draft.pk]
    assert order.person == holding.person
    assert numbers(order) == [("12345", 1)]
    assert numbers(draft) == []
    assert response["Location"] == url("order_lines", order.pk)
    assert texts(response) == ["Artikel 12345 är tillagd på beställningen."]


def test_a_held_aid_outside_the_assortment_has_no_beställ(
    logged_in, prescriber, articles
):
    holding = HoldingFactory(
        article=ArticleFactory(in_assortment=False),
        customer=prescriber.customers.get(),
    )
    page = url("recipient_holding", holding.person.pk, holding.pk)

    response = logged_in.get(page)

    assert response.status_code == 200
    text = response.content.decode()
    assert f'action="{url("order_new_for", holding.person.pk)}"' not in text


def test_the_article_page_hands_over_to_the_draft(logged_in, draft, articles):
    text = logged_in.get(reverse("article_detail", args=["12346"])).content.decode()

    assert f'action="{ADD}"' in text
    logged_in.post(ADD, {"articles": ["12346"]})
    assert numbers(draft) == [("12346", 1)]

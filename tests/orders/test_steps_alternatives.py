"""Utgående produkt som alternativ (F-06) through the pages, with the
manual's three examples: the older article with stock is proposed, any
listed article may be chosen, and a choice without stock is a purchase."""

import pytest

from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

from .steps_helpers import lines_of, shown, texts, url

PURCHASE = "Ditt val innebär ett nyinköp och ett senare leveransdatum."


@pytest.fixture
def draft(prescriber):
    return DraftOrderFactory(prescriber=prescriber)


def replacing(new, *olds, stock=None):
    """`new` replaces `olds` in this order of preference; `stock` maps an
    article number to its free stock at the main warehouse."""
    stock = stock or {}
    new_article = ArticleFactory(article_no=new, name=f"Ny {new}")
    for preference, old in enumerate(olds, start=1):
        ReplacementFactory(
            new=new_article,
            old=ArticleFactory(article_no=old, name=f"Utgående {old}", outgoing=True),
            preference=preference,
        )
    for number, count in stock.items():
        StockBalanceFactory(article=ArticleFactory(article_no=number), on_hand=count)


def order(client, draft, number):
    """Add `number` on the lines page; returns the alternatives page."""
    _page, data = shown(client, draft)
    response = client.post(url("order_lines", draft.pk), {**data, "article_no": number})
    [line] = [line for line in lines_of(draft) if line.article.article_no == number]
    assert response["Location"] == url("order_alternatives", draft.pk, line.pk)
    return line, client.get(response["Location"])


def proposed(response):
    return response.context["form"]["article"].value()


def choose(client, draft, line, number):
    article = ArticleFactory(article_no=number)
    return client.post(
        url("order_alternatives", draft.pk, line.pk), {"article": article.pk}
    )


def test_11418_replaces_11411_both_in_stock(logged_in, draft):
    replacing("11418", "11411", stock={"11418": 4, "11411": 2})

    line, page = order(logged_in, draft, "11418")

    text = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert '<h2 class="h4">Alternativ</h2>' in text
    assert text.index("Ny 11418") < text.index("Alternativ</h2>")
    assert text.index("Alternativ</h2>") < text.index("Utgående 11411")
    assert proposed(page) == ArticleFactory(article_no="11411").pk
    assert "I lager" in text
    assert PURCHASE not in text
    assert ">Verkställ</button>" in text

    response = choose(logged_in, draft, line, "11418")

    assert response["Location"] == url("order_lines", draft.pk)
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", False)
    assert PURCHASE not in texts(response)


def test_34305_replaces_10968_only_the_old_in_stock(logged_in, draft):
    replacing("34305", "10968", stock={"10968": 3})

    line, page = order(logged_in, draft, "34305")

    text = page.content.decode()
    assert proposed(page) == ArticleFactory(article_no="10968").pk
    # The note stands beside the article without stock only.
    assert text.count(PURCHASE) == 1
    assert text.index("Ny 34305") < text.index(PURCHASE) < text.index("Alternativ</h2>")

    response = choose(logged_in, draft, line, "34305")

    assert response["Location"] == url("order_lines", draft.pk)
    assert texts(response) == [PURCHASE]
    line.refresh_from_db()
    assert line.article.article_no == "34305"
    lines_page = logged_in.get(url("order_lines", draft.pk)).content.decode()
    assert "Välj alternativ" not in lines_page


def test_32733_replaces_16988_and_18387_by_preference(logged_in, draft):
    replacing("32733", "16988", "18387", stock={"16988": 2, "18387": 5})

    line, page = order(logged_in, draft, "32733")

    text = page.content.decode()
    assert proposed(page) == ArticleFactory(article_no="16988").pk
    assert text.index("Utgående 16988") < text.index("Utgående 18387")
    assert PURCHASE in text  # 32733 itself has no stock

    response = choose(logged_in, draft, line, "18387")

    assert response["Location"] == url("order_lines", draft.pk)
    assert texts(response) == []
    line.refresh_from_db()
    assert line.article.article_no == "18387"


def test_the_old_one_chosen_as_proposed(logged_in, draft):
    replacing("11418", "11411", stock={"11418": 4, "11411": 2})
    line, _page = order(logged_in, draft, "11418")

    choose(logged_in, draft, line, "11411")

    line.refresh_from_db()
    assert line.article.article_no == "11411"


def test_an_article_not_listed_is_refused_and_nothing_changes(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")

    for value in ["", "abc", ArticleFactory(article_no="77777").pk]:
        response = logged_in.post(
            url("order_alternatives", draft.pk, line.pk), {"article": value}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["article"] in (
            ["Välj en artikel."],
            ["Välj en av artiklarna i listan."],
        )
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", True)


def test_verkställ_goes_on_to_the_next_line_waiting(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    replacing("34305", "10968", stock={"10968": 3})
    first, _page = order(logged_in, draft, "11418")
    second, _page = order(logged_in, draft, "34305")

    response = choose(logged_in, draft, first, "11411")

    assert response["Location"] == url("order_alternatives", draft.pk, second.pk)


def test_a_line_already_chosen_goes_back_to_the_lines(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")
    choose(logged_in, draft, line, "11411")

    again = choose(logged_in, draft, line, "11418")

    assert again["Location"] == url("order_lines", draft.pk)
    line.refresh_from_db()
    assert line.article.article_no == "11411"


def test_others_cannot_open_it(client, colleague, outsider, staff, draft, prescriber):
    replacing("11418", "11411", stock={"11411": 2})
    client.force_login(prescriber)
    line, _page = order(client, draft, "11418")

    for user in (colleague, outsider, staff):
        client.force_login(user)
        target = url("order_alternatives", draft.pk, line.pk)
        assert client.get(target).status_code == 404
        assert client.post(target, {"article": line.article_id}).status_code == 404


def test_a_line_of_another_draft_is_404(logged_in, draft, prescriber):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")
    other = DraftOrderFactory(prescriber=prescriber)

    response = logged_in.get(url("order_alternatives", other.pk, line.pk))

    assert response.status_code == 404

"""Utgående produkt som alternativ (F-06) on Orderrader, under the line
that waits for it, with the manual's three examples: the older article with
stock is proposed, any listed article may be chosen with the line's own
Verkställ, which saves whatever else was typed too, and a choice without
stock is a purchase."""

import importlib
import re

import pytest

from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    OrderLineFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

from .steps_helpers import lines_of, queries, shown, texts, url

# The module, which the package's function of the same name hides.
alternatives_module = importlib.import_module("orders.services.alternatives")

PURCHASE = "Ditt val innebär ett nyinköp och ett senare leveransdatum."
HTMX = {"HX-Request": "true"}


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
    """Add `number` on the lines page; returns its line and the lines page
    the redirect leads back to."""
    _page, data = shown(client, draft)
    response = client.post(url("order_lines", draft.pk), {**data, "article_no": number})
    [line] = [line for line in lines_of(draft) if line.article.article_no == number]
    assert response["Location"] == url("order_lines", draft.pk)
    return line, client.get(response["Location"])


def row_of(response, line):
    """The line's form on the page."""
    return next(row for row in response.context["form"] if row.line.pk == line.pk)


def choice_html(response, line):
    """The line's choice: its fieldset on the page."""
    text = response.content.decode()
    start = text.index(f'<fieldset id="val-{line.pk}"')
    return text[start : text.index("</fieldset>", start)]


def proposed(response, line):
    return row_of(response, line)["alternative"].value()


def choose(client, draft, line, number, headers=None, **changes):
    """The line's Verkställ with `number` ticked, and `changes` typed."""
    page, data = shown(client, draft)
    row = row_of(page, line)
    data.pop("save")
    data.update(
        {
            "choose": str(line.pk),
            row["alternative"].html_name: ArticleFactory(article_no=number).pk,
            **changes,
        }
    )
    return client.post(url("order_lines", draft.pk), data, headers=headers)


def test_11418_replaces_11411_both_in_stock(logged_in, draft):
    replacing("11418", "11411", stock={"11418": 4, "11411": 2})

    line, page = order(logged_in, draft, "11418")

    choice = choice_html(page, line)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Utgående produkt som alternativ för 11418</legend>" in choice
    assert choice.index("Ny 11418") < choice.index("Utgående 11411")
    assert re.search(r"Ny 11418<div[^>]*>Beställd artikel</div>", choice)
    assert re.search(r"Utgående 11411<div[^>]*>Alternativ</div>", choice)
    assert proposed(page, line) == ArticleFactory(article_no="11411").pk
    assert "I lager" in choice
    assert PURCHASE not in choice
    assert re.search(
        rf'<button type="submit" name="choose" value="{line.pk}"[^>]*>Verkställ'
        r'<span class="visually-hidden"> valet för 11418</span></button>',
        choice,
    )

    response = choose(logged_in, draft, line, "11418")

    assert response["Location"] == url("order_lines", draft.pk)
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", False)
    assert texts(response) == ["Orderraderna är sparade."]
    lines_page = logged_in.get(url("order_lines", draft.pk)).content.decode()
    assert "<fieldset id=" not in lines_page


def test_34305_replaces_10968_only_the_old_in_stock(logged_in, draft):
    replacing("34305", "10968", stock={"10968": 3})

    line, page = order(logged_in, draft, "34305")

    choice = choice_html(page, line)
    assert proposed(page, line) == ArticleFactory(article_no="10968").pk
    # The note stands beside the article without stock only.
    assert choice.count(PURCHASE) == 1
    assert choice.index("Ny 34305") < choice.index(PURCHASE) < choice.index("10968")

    response = choose(logged_in, draft, line, "34305")

    assert texts(response) == ["Orderraderna är sparade.", PURCHASE]
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("34305", False)


def test_32733_replaces_16988_and_18387_by_preference(logged_in, draft):
    replacing("32733", "16988", "18387", stock={"16988": 2, "18387": 5})

    line, page = order(logged_in, draft, "32733")

    choice = choice_html(page, line)
    assert proposed(page, line) == ArticleFactory(article_no="16988").pk
    assert choice.index("Utgående 16988") < choice.index("Utgående 18387")
    assert PURCHASE in choice  # 32733 itself has no stock

    response = choose(logged_in, draft, line, "18387")

    assert texts(response) == ["Orderraderna är sparade."]
    line.refresh_from_db()
    assert line.article.article_no == "18387"


def test_the_choice_saves_what_else_was_typed(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 5})
    other = OrderLineFactory(order=draft, quantity=1)
    line, _page = order(logged_in, draft, "11418")
    added = ArticleFactory(article_no="17940")

    response = choose(
        logged_in,
        draft,
        line,
        "11411",
        article_no="17940",
        **{"rad-0-quantity": "3", "rad-1-quantity": "2"},
    )

    assert response["Location"] == url("order_lines", draft.pk)
    assert [
        (each.pk, each.article.article_no, each.quantity, each.alternatives_pending)
        for each in lines_of(draft)
    ] == [
        (other.pk, other.article.article_no, 3, False),
        (line.pk, "11411", 2, False),
        (lines_of(draft)[2].pk, added.article_no, 1, False),
    ]


def test_a_line_removed_in_the_same_post_takes_no_choice(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")

    choose(logged_in, draft, line, "11411", **{"rad-0-DELETE": "on"})

    assert lines_of(draft) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Välj en artikel."),
        ("abc", "Välj en av artiklarna i listan."),
        ("not listed", "Välj en av artiklarna i listan."),
    ],
)
def test_a_choice_not_listed_is_refused_next_to_it_and_nothing_changes(
    logged_in, draft, value, message
):
    replacing("11418", "11411", stock={"11411": 2})
    other = OrderLineFactory(order=draft, quantity=1)
    line, page = order(logged_in, draft, "11418")
    field = row_of(page, line)["alternative"].html_name
    if value == "not listed":
        value = str(ArticleFactory(article_no="77777").pk)

    response = choose(
        logged_in,
        draft,
        line,
        "11411",
        article_no="17940",
        **{field: value, "rad-0-quantity": "4"},
    )

    assert response.status_code == 200
    assert row_of(response, line).errors["alternative"] == [message]
    choice = choice_html(response, line)
    assert f'role="alert">{message}</div>' in choice
    # The focus goes to the refused choice, not to Artikelnummer.
    assert re.search(r'<input type="radio"[^>]*autofocus', choice)
    text = response.content.decode()
    assert not re.search(r'<input[^>]*name="article_no"[^>]*autofocus', text)
    assert 'name="rad-0-quantity" value="4"' in text
    assert 'value="17940"' in text
    assert [(each.pk, each.quantity) for each in lines_of(draft)] == [
        (other.pk, 1),
        (line.pk, 1),
    ]
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", True)


def test_a_choice_the_service_refuses_is_answered_next_to_it(
    logged_in, draft, monkeypatch
):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")
    # The link removed (an import) after the form checked the choice and
    # before the service took it under the lock: only the ordered article.
    monkeypatch.setattr(
        alternatives_module,
        "alternatives",
        lambda line: alternatives_module.alternatives_of(
            [line], line.order.warehouse_id
        )[line.pk][:1],
    )

    response = choose(logged_in, draft, line, "11411")

    assert response.status_code == 200
    assert row_of(response, line).errors["alternative"] == [
        "Välj en av artiklarna i listan."
    ]
    assert re.search(r'<input type="radio"[^>]*autofocus', choice_html(response, line))
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", True)


def test_a_stale_choice_is_refused(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, page = order(logged_in, draft, "11418")
    _page, data = shown(logged_in, draft)
    # Saved in another tab since the page was shown.
    logged_in.post(url("order_lines", draft.pk), data)

    data.pop("save")
    data.update(
        {
            "choose": str(line.pk),
            row_of(page, line)["alternative"].html_name: line.article_id,
        }
    )
    response = logged_in.post(url("order_lines", draft.pk), data)

    assert response["Location"] == url("order_lines", draft.pk)
    assert "ändringarna sparades inte" in texts(response)[-1]
    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", True)


def test_the_focus_is_on_the_proposed_article_while_a_choice_waits(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, page = order(logged_in, draft, "11418")

    text = page.content.decode()
    [focused] = re.findall(r"<input[^>]*autofocus[^>]*>", text)
    assert 'type="radio"' in focused
    assert f'value="{ArticleFactory(article_no="11411").pk}"' in focused
    assert "checked" in focused
    # Enter in a field still saves: Spara ändringar is the first button.
    lines_form = text.split('<main id="main"')[1].split("<form")[1]
    first = re.search(r"<button[^>]*>([^<]*)</button>", lines_form)
    assert first.group(1) == "Spara ändringar"
    assert 'aria-hidden="true"' in first.group(0)


def test_with_htmx_a_line_with_alternatives_shows_its_choice_in_place(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    _page, data = shown(logged_in, draft)

    response = logged_in.post(
        url("order_lines", draft.pk), {**data, "article_no": "11418"}, headers=HTMX
    )

    [line] = lines_of(draft)
    text = response.content.decode()
    assert response.status_code == 200
    assert text.startswith('<form method="post"')
    assert f'<fieldset id="val-{line.pk}"' in text
    [focused] = re.findall(r"<input[^>]*autofocus[^>]*>", text)
    assert 'type="radio"' in focused
    assert "checked" in focused


def test_with_htmx_the_choice_is_taken_in_place_and_the_focus_goes_on(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    replacing("34305", "10968", stock={"10968": 3})
    first, _page = order(logged_in, draft, "11418")
    second, _page = order(logged_in, draft, "34305")

    response = choose(logged_in, draft, first, "11418", headers=HTMX)

    text = response.content.decode()
    assert text.startswith('<form method="post"')
    assert f'role="status">Orderraderna är sparade. {PURCHASE}</div>' in text
    assert f'id="val-{first.pk}"' not in text
    # On the article proposed for the next line waiting.
    [focused] = re.findall(r"<input[^>]*autofocus[^>]*>", text)
    assert focused in choice_html(response, second)
    assert "checked" in focused
    assert f'value="{ArticleFactory(article_no="10968").pk}"' in focused
    assert texts(response) == []

    response = choose(logged_in, draft, second, "10968", headers=HTMX)

    text = response.content.decode()
    assert 'role="status">Orderraderna är sparade.</div>' in text
    assert "<fieldset id=" not in text
    assert re.search(r'<input[^>]*name="article_no"[^>]*autofocus', text)
    assert [line.article.article_no for line in lines_of(draft)] == ["11418", "10968"]


def test_without_htmx_the_page_comes_back_with_the_next_choice_focused(
    logged_in, draft
):
    replacing("11418", "11411", stock={"11411": 2})
    replacing("34305", "10968", stock={"10968": 3})
    first, _page = order(logged_in, draft, "11418")
    second, _page = order(logged_in, draft, "34305")

    response = choose(logged_in, draft, first, "11411")

    assert response["Location"] == url("order_lines", draft.pk)
    page = logged_in.get(response["Location"])
    [focused] = re.findall(r"<input[^>]*autofocus[^>]*>", page.content.decode())
    assert focused in choice_html(page, second)
    assert "checked" in focused


@pytest.mark.parametrize("htmx", [False, True])
def test_fortsätt_shows_a_waiting_choice_until_it_is_taken(logged_in, draft, htmx):
    replacing("11418", "11411", stock={"11411": 2})
    _page, data = shown(logged_in, draft)
    del data["save"]

    response = logged_in.post(
        url("order_lines", draft.pk),
        {**data, "article_no": "11418", "continue": ""},
        headers=HTMX if htmx else None,
    )

    [line] = lines_of(draft)
    if htmx:
        assert f'<fieldset id="val-{line.pk}"' in response.content.decode()
    else:
        assert response["Location"] == url("order_lines", draft.pk)

    def fortsätt():
        _page, data = shown(logged_in, draft)
        del data["save"]
        return logged_in.post(url("order_lines", draft.pk), {**data, "continue": ""})

    # Not passed over later either: the page shows the proposal ticked.
    assert fortsätt()["Location"] == url("order_lines", draft.pk)
    line.refresh_from_db()
    assert line.alternatives_pending
    choose(logged_in, draft, line, "11418")
    assert fortsätt()["Location"] == url("order_delivery", draft.pk)


def test_saving_without_the_choice_leaves_it_waiting(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")
    _page, data = shown(logged_in, draft)

    logged_in.post(url("order_lines", draft.pk), data)

    line.refresh_from_db()
    assert (line.article.article_no, line.alternatives_pending) == ("11418", True)


def test_the_choices_cost_the_same_queries_however_many_lines_wait(
    logged_in, prescriber
):
    replacing("11418", "11411", "11412", stock={"11411": 2, "11412": 3})
    new = ArticleFactory(article_no="11418")
    counts = []
    for count in (1, 20):
        draft = DraftOrderFactory(prescriber=prescriber)
        for _ in range(count):
            OrderLineFactory(order=draft, article=new, alternatives_pending=True)
        number, response = queries(
            lambda d=draft: logged_in.get(url("order_lines", d.pk))
        )
        assert response.content.decode().count("<fieldset id=") == count
        counts.append(number)

    assert counts[0] == counts[1]


def test_the_old_page_of_the_choice_is_gone(logged_in, draft):
    replacing("11418", "11411", stock={"11411": 2})
    line, _page = order(logged_in, draft, "11418")

    gone = logged_in.get(f"{url('order_lines', draft.pk)}{line.pk}/alternativ/")

    assert gone.status_code == 404

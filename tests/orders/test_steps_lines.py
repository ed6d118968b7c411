"""Step 3, Orderrader: adding a line, changing quantities and payers,
removing lines, with every bad input answered next to its field and nothing
typed lost; the query count does not grow with the lines."""

import re

import pytest

from orders.models import OrderLine
from tests.factories import (
    ArticleFactory,
    DraftOrderFactory,
    OrderLineFactory,
    PayerFactory,
    ReplacementFactory,
    StockBalanceFactory,
)

from .steps_helpers import lines_of, queries, shown, texts, url


@pytest.fixture
def draft(prescriber):
    return DraftOrderFactory(prescriber=prescriber)


@pytest.fixture
def rollator(db):
    return ArticleFactory(article_no="17940", name="Rollator Cross 6", unit="st")


def save(client, order, **changes):
    _response, data = shown(client, order)
    data.update(changes)
    return client.post(url("order_lines", order.pk), data)


def field(line, name):
    """A line's field in the formset: lines are in position order."""
    index = [other.pk for other in lines_of(line.order)].index(line.pk)
    return f"rad-{index}-{name}"


def test_the_page_shows_the_lines_and_the_add_row(logged_in, draft, rollator):
    line = OrderLineFactory(order=draft, article=rollator, quantity=2)

    response, _data = shown(logged_in, draft)

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for label in ["Artikelnummer", "Antal", "Betalare"]:
        assert re.search(rf"<label[^>]*>\s*{label}", text)
    assert '<th scope="row">17940</th>' in text
    assert "Rollator Cross 6" in text
    assert "<td>st</td>" in text
    assert f'name="{field(line, "quantity")}" value="2"' in text
    payer = draft.payer
    assert f"{payer.betalarid} {payer.name} (standard)" in text
    assert 'name="remove_all"' in text
    assert "markera alla" in text
    # Enter in a field presses the form's first submit button.
    lines_form = text.split('<main id="main"')[1].split("<form")[1]
    first_button = re.search(r"<button[^>]*>([^<]*)</button>", lines_form)
    assert first_button.group(1) == "Spara ändringar"
    assert f'href="{url("article_search")}">Sök artikel' in text
    assert ">Fortsätt</button>" in text


def test_a_line_is_added_with_quantity_1_by_default(logged_in, draft, rollator):
    response = save(logged_in, draft, article_no="17940", quantity="")

    assert response["Location"] == url("order_lines", draft.pk)
    [line] = lines_of(draft)
    assert (line.article, line.quantity, line.payer) == (rollator, 1, None)
    assert texts(response) == ["Orderraderna är sparade."]


def test_another_payer_is_kept_and_the_default_one_is_not_stored(
    logged_in, draft, rollator
):
    PayerFactory(betalarid="33333", name="Region Västerbotten")

    save(logged_in, draft, article_no="17940", quantity="2", payer="33333")
    save(logged_in, draft, article_no="17940", payer=draft.payer.betalarid)

    first, second = lines_of(draft)
    assert (first.quantity, first.payer.betalarid) == (2, "33333")
    assert second.payer is None
    text = logged_in.get(url("order_lines", draft.pk)).content.decode()
    assert "33333 Region Västerbotten" in text


@pytest.mark.parametrize(
    ("typed", "name", "message"),
    [
        (
            {"article_no": "99999"},
            "article_no",
            "Det finns ingen artikel med artikelnummer 99999.",
        ),
        ({"article_no": "55555"}, "article_no", "ingår inte i sortimentet"),
        (
            {"article_no": "12345", "quantity": "2"},
            "article_no",
            "Det finns ingen artikel med artikelnummer 12345.",
        ),
        (
            {"article_no": "", "quantity": "3"},
            "article_no",
            "Ange artikelnummer för raden du vill lägga till.",
        ),
        ({"article_no": "17940", "quantity": "0"}, "quantity", "från 1 till 999"),
        ({"article_no": "17940", "quantity": "-2"}, "quantity", "från 1 till 999"),
        ({"article_no": "17940", "quantity": "1000"}, "quantity", "från 1 till 999"),
        ({"article_no": "17940", "quantity": "två"}, "quantity", "från 1 till 999"),
        ({"article_no": "17940", "quantity": "1.5"}, "quantity", "från 1 till 999"),
        (
            {"article_no": "17940", "payer": "123"},
            "payer",
            "Ange en kod med exakt 5 siffror.",
        ),
        (
            {"article_no": "17940", "payer": "99999"},
            "payer",
            "Det finns ingen betalare med betalarid 99999.",
        ),
    ],
)
def test_bad_input_on_the_add_row_is_answered_and_kept(
    logged_in, draft, rollator, typed, name, message
):
    ArticleFactory(article_no="55555", in_assortment=False)
    kept = OrderLineFactory(order=draft, article=rollator, quantity=2)

    response = save(logged_in, draft, **{field(kept, "quantity"): "4"}, **typed)

    assert response.status_code == 200
    new = response.context["form"].new
    # One message per field: a refused article number is not also "missing".
    [error] = new.errors[name]
    assert message in error
    for key, value in typed.items():
        assert str(new[key].value()) == value
    text = response.content.decode()
    assert f'name="{field(kept, "quantity")}" value="4"' in text
    assert message in text
    assert [(line.article, line.quantity) for line in lines_of(draft)] == [
        (rollator, 2)
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("quantity", "0", "Antal ska vara ett heltal från 1 till 999."),
        ("quantity", "", "Ange antal."),
        ("quantity", "x", "Antal ska vara ett heltal från 1 till 999."),
        ("payer", "9999a", "Ange en kod med exakt 5 siffror."),
        ("payer", "88888", "Det finns ingen betalare med betalarid 88888."),
    ],
)
def test_bad_input_on_a_line_is_answered_next_to_it_and_nothing_is_saved(
    logged_in, draft, rollator, name, value, message
):
    first = OrderLineFactory(order=draft, article=rollator, quantity=2)
    second = OrderLineFactory(order=draft, quantity=1)

    response = save(
        logged_in,
        draft,
        **{field(first, "quantity"): "5", field(second, name): value},
        article_no="17940",
    )

    assert response.status_code == 200
    rows = response.context["form"].forms
    assert rows[1].errors[name] == [message]
    assert rows[0]["quantity"].value() == "5"
    assert response.context["form"].new["article_no"].value() == "17940"
    assert [line.quantity for line in lines_of(draft)] == [2, 1]


def test_quantities_and_payers_are_changed_and_ticked_lines_removed(
    logged_in, draft, rollator
):
    PayerFactory(betalarid="33333")
    first = OrderLineFactory(order=draft, article=rollator, quantity=2)
    second = OrderLineFactory(order=draft, quantity=1)
    third = OrderLineFactory(order=draft, quantity=1)

    response = save(
        logged_in,
        draft,
        **{
            field(first, "quantity"): "7",
            field(first, "payer"): "33333",
            field(second, "DELETE"): "on",
            # A removed line needs no valid quantity.
            field(third, "quantity"): "3",
        },
    )

    assert response["Location"] == url("order_lines", draft.pk)
    assert [(line.pk, line.quantity) for line in lines_of(draft)] == [
        (first.pk, 7),
        (third.pk, 3),
    ]
    assert lines_of(draft)[0].payer.betalarid == "33333"


def test_a_payer_emptied_again_means_the_default(logged_in, draft, rollator):
    line = OrderLineFactory(order=draft, payer=PayerFactory(betalarid="33333"))

    save(logged_in, draft, **{field(line, "payer"): ""})

    line.refresh_from_db()
    assert line.payer is None


def test_markera_alla_removes_every_line_without_javascript(logged_in, draft, rollator):
    first = OrderLineFactory(order=draft)
    OrderLineFactory(order=draft)

    response = save(
        logged_in, draft, remove_all="on", **{field(first, "quantity"): "x"}
    )

    assert response.status_code == 302
    assert lines_of(draft) == []


def test_an_individually_marked_article_is_one_per_line(logged_in, draft):
    ArticleFactory(article_no="30001", individually_marked=True)

    save(logged_in, draft, article_no="30001", quantity="3")

    lines = lines_of(draft)
    assert [(line.article.article_no, line.quantity) for line in lines] == [
        ("30001", 1)
    ] * 3

    response = save(logged_in, draft, **{field(lines[1], "quantity"): "2"})

    assert response.context["form"].forms[1].errors["quantity"] == [
        "Individmärkt artikel 30001 beställs en per rad."
    ]
    assert "Individmärkt artikel 30001 beställs en per rad." in (
        response.content.decode()
    )
    assert [line.quantity for line in lines_of(draft)] == [1, 1, 1]


def test_a_line_with_alternatives_comes_back_to_its_choice(logged_in, draft):
    link = ReplacementFactory(new__article_no="11418", old__article_no="11411")
    StockBalanceFactory(article=link.old, on_hand=5)

    response = save(logged_in, draft, article_no="11418")

    [line] = lines_of(draft)
    assert line.alternatives_pending
    assert response["Location"] == url("order_lines", draft.pk)
    text = logged_in.get(url("order_lines", draft.pk)).content.decode()
    assert f'<fieldset id="val-{line.pk}"' in text


@pytest.mark.parametrize(
    "pasted", ["17940 11418 21327", "17940\r\n11418\r\n21327\r\n", "17940, 11418;21327"]
)
def test_pasted_article_numbers_become_a_line_each(logged_in, draft, rollator, pasted):
    link = ReplacementFactory(new__article_no="11418", old__article_no="11411")
    StockBalanceFactory(article=link.old, on_hand=5)
    cushion = ArticleFactory(article_no="21327")

    response = save(logged_in, draft, article_no=pasted, quantity="2")

    lines = lines_of(draft)
    assert [(line.article, line.quantity) for line in lines] == [
        (rollator, 2),
        (link.new, 2),
        (cushion, 2),
    ]
    assert response["Location"] == url("order_lines", draft.pk)
    assert lines[1].alternatives_pending


def test_pasted_numbers_with_unknown_ones_add_nothing_and_are_kept(
    logged_in, draft, rollator
):
    ArticleFactory(article_no="55555", in_assortment=False)
    pasted = "17940 99999 55555"

    response = save(logged_in, draft, article_no=pasted)

    assert response.status_code == 200
    [error] = response.context["form"].new.errors["article_no"]
    assert error == (
        "Artikelnumren 99999, 55555 finns inte eller ingår inte i sortimentet och "
        "kan inte beställas här. Ingen rad är tillagd."
    )
    assert f'value="{pasted}"' in response.content.decode()
    assert lines_of(draft) == []


def test_fortsätt_saves_and_goes_to_the_delivery(logged_in, draft, rollator):
    line = OrderLineFactory(order=draft, article=rollator)
    _response, data = shown(logged_in, draft)
    del data["save"]
    data.update({"continue": "", field(line, "quantity"): "3"})

    response = logged_in.post(url("order_lines", draft.pk), data)

    assert response["Location"] == url("order_delivery", draft.pk)
    assert lines_of(draft)[0].quantity == 3


def test_a_repeated_post_adds_nothing_twice(logged_in, draft, rollator):
    _response, data = shown(logged_in, draft)
    data["article_no"] = "17940"

    logged_in.post(url("order_lines", draft.pk), data)
    second = logged_in.post(url("order_lines", draft.pk), data)

    assert len(lines_of(draft)) == 1
    assert second["Location"] == url("order_lines", draft.pk)
    assert "ändringarna sparades inte" in texts(second)[-1]


def test_the_formsets_counts_cannot_make_more_lines_than_the_draft_has(
    logged_in, draft, rollator
):
    line = OrderLineFactory(order=draft, article=rollator, quantity=2)

    response = save(
        logged_in,
        draft,
        **{
            "rad-TOTAL_FORMS": "3",
            "rad-INITIAL_FORMS": "0",
            field(line, "quantity"): "4",
        },
    )

    assert response["Location"] == url("order_lines", draft.pk)
    assert [(row.pk, row.quantity) for row in lines_of(draft)] == [(line.pk, 4)]


def test_others_cannot_open_the_draft(client, colleague, outsider, staff, draft):
    for user in (colleague, outsider, staff):
        client.force_login(user)
        assert client.get(url("order_lines", draft.pk)).status_code == 404
        assert client.post(url("order_lines", draft.pk), {}).status_code == 404


def test_an_executed_order_is_not_a_draft_any_more(logged_in, draft):
    draft.status = "registered"
    draft.number = "26010001"
    draft.save()

    assert logged_in.get(url("order_lines", draft.pk)).status_code == 404


def _lines(order, count):
    for _number in range(count):
        OrderLineFactory(order=order, payer=PayerFactory())


def test_the_query_count_does_not_grow_with_the_lines(logged_in, prescriber):
    counts = {}
    for count in (1, 50):
        order = DraftOrderFactory(prescriber=prescriber)
        _lines(order, count)
        get, _response = queries(
            lambda o=order: logged_in.get(url("order_lines", o.pk))
        )
        _response, data = shown(logged_in, order)
        for name in list(data):
            if name.endswith("-quantity"):
                data[name] = "2"
        payer = PayerFactory()
        data["article_no"] = ArticleFactory().article_no
        data["payer"] = payer.betalarid
        post, response = queries(
            lambda o=order, d=data: logged_in.post(url("order_lines", o.pk), d)
        )
        assert response.status_code == 302
        assert OrderLine.objects.filter(order=order, quantity=2).count() == count
        counts[count] = (get, post)

    assert counts[1] == counts[50]


def save_with_htmx(client, order, **changes):
    _response, data = shown(client, order)
    data.update(changes)
    return client.post(
        url("order_lines", order.pk), data, headers={"HX-Request": "true"}
    )


def test_with_htmx_a_line_is_added_in_place_with_the_focus_in_the_article_field(
    logged_in, draft, rollator
):
    response = save_with_htmx(logged_in, draft, article_no="17940")

    [line] = lines_of(draft)
    text = response.content.decode()
    assert response.status_code == 200
    assert text.startswith('<form method="post"')
    assert "<html" not in text
    assert '<th scope="row">17940</th>' in text
    assert 'role="status">Orderraderna är sparade.</div>' in text
    assert 'name="article_no" value=""' not in text
    assert re.search(r'<input[^>]*name="article_no"[^>]*autofocus', text)
    draft.refresh_from_db()
    assert f'name="version" value="{draft.updated_at.isoformat()}"' in text
    assert "no-store" in response["Cache-Control"]
    assert texts(response) == []


def test_with_htmx_bad_input_is_answered_in_place_and_kept(logged_in, draft):
    response = save_with_htmx(logged_in, draft, article_no="99999")

    text = response.content.decode()
    assert text.startswith('<form method="post"')
    assert "Det finns ingen artikel med artikelnummer 99999." in text
    assert 'value="99999"' in text
    assert lines_of(draft) == []


def test_with_htmx_the_next_page_loads_in_full(logged_in, draft, rollator):
    continued = save_with_htmx(logged_in, draft, article_no="17940", **{"continue": ""})

    assert continued["HX-Redirect"] == url("order_delivery", draft.pk)


def test_a_line_added_in_place_reads_and_locks_the_draft_once(
    logged_in, prescriber, django_assert_num_queries
):
    order = DraftOrderFactory(prescriber=prescriber)
    _lines(order, 2)
    _response, data = shown(logged_in, order)
    data["article_no"] = ArticleFactory().article_no

    # Session and user; the draft, its lines with their articles, the article
    # typed; in the transaction (begin, commit): the draft locked with its
    # payer and warehouse, the older articles in stock, the last position,
    # the new line, the change time; the lines as saved, their choices of
    # alternative; the access log.
    with django_assert_num_queries(15):
        response = logged_in.post(
            url("order_lines", order.pk), data, headers={"HX-Request": "true"}
        )

    assert response.status_code == 200
    assert order.lines.count() == 3

"""Beställ for a recipient who already has drafts of this user: the page
offers each of them to continue (newest first) or a new order, by POST;
the articles handed over go on the chosen draft, and a form sent twice
never makes a second draft or line."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from aids.recipients import Recipient
from orders import services
from orders.models import OrderLine
from orders.views.common import CURRENT_DRAFT
from orders.views.steps import WAITING_ARTICLES
from tests.concurrency import concurrent, run_together
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    OrderLineFactory,
    PersonFactory,
)

from .steps_helpers import drafts, lines_of, queries, texts, token, url

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def person(prescriber):
    """A patient of the prescriber's customer (a held aid): a care
    relationship, so the pages open without asking."""
    person = PersonFactory()
    HoldingFactory(person=person, customer=prescriber.customers.get())
    return person


@pytest.fixture
def rollator(db):
    return ArticleFactory(article_no="12345")


def draft_for(prescriber, person, lines, time_machine, when):
    """A draft with `lines` lines, last changed at `when` (Swedish time)."""
    time_machine.move_to(when.replace(tzinfo=STOCKHOLM), tick=False)
    order = DraftOrderFactory(prescriber=prescriber, person=person)
    for _ in range(lines):
        OrderLineFactory(order=order)
    order.save()
    return order


@pytest.fixture
def two_drafts(prescriber, person, time_machine):
    """The older with two lines, the newer with one."""
    older = draft_for(prescriber, person, 2, time_machine, datetime(2026, 3, 2, 9, 5))
    newer = draft_for(prescriber, person, 1, time_machine, datetime(2026, 3, 3, 14, 30))
    return older, newer


def numbers(order):
    return [line.article.article_no for line in lines_of(order)]


def test_the_drafts_for_the_recipient_are_offered_newest_first(
    logged_in, prescriber, person, two_drafts, outsider
):
    older, newer = two_drafts
    DraftOrderFactory(prescriber=prescriber)  # another recipient's
    DraftOrderFactory(prescriber=outsider, person=person)  # another user's

    response = logged_in.get(url("order_new_for", person.pk))

    text = response.content.decode()
    offered = [
        f'value="{newer.pk}" class="btn btn-primary">Fortsätt påbörjad beställning '
        "(1 rad, ändrad 2026-03-03 14:30)</button>",
        f'value="{older.pk}" class="btn btn-primary">Fortsätt påbörjad beställning '
        "(2 rader, ändrad 2026-03-02 09:05)</button>",
        'value="ny" class="btn btn-outline-primary">Ny beställning</button>',
    ]
    positions = [text.index(choice) for choice in offered]
    assert positions == sorted(positions)
    assert text.count("Fortsätt påbörjad beställning") == 2
    assert 'name="token"' in text
    assert len(drafts(prescriber)) == 3


def test_continuing_a_draft_adds_the_waiting_articles_to_it(
    logged_in, prescriber, person, two_drafts, rollator
):
    older, _newer = two_drafts
    session = logged_in.session
    session[WAITING_ARTICLES] = ["12345"]
    session.save()

    page = logged_in.get(url("order_new_for", person.pk)).content.decode()
    data = {"token": token(), "choice": str(older.pk)}
    first = logged_in.post(url("order_new_for", person.pk), data)
    second = logged_in.post(url("order_new_for", person.pk), data)

    assert "Artikel 12345 läggs till på beställningen." in page
    assert numbers(older)[-1] == "12345"
    assert len(lines_of(older)) == 3
    assert len(drafts(prescriber)) == 2
    assert first["Location"] == second["Location"] == url("order_lines", older.pk)
    assert texts(first) == ["Artikel 12345 är tillagd på beställningen."]
    assert logged_in.session[CURRENT_DRAFT] == str(older.pk)
    assert WAITING_ARTICLES not in logged_in.session


def test_ny_beställning_sent_twice_makes_one_new_draft(
    logged_in, prescriber, person, two_drafts, rollator
):
    data = {"token": token(), "choice": "ny", "articles": ["12345"]}

    first = logged_in.post(url("order_new_for", person.pk), data)
    second = logged_in.post(url("order_new_for", person.pk), data)

    [new] = [order for order in drafts(prescriber) if order not in two_drafts]
    assert str(new.pk) == data["token"]
    assert numbers(new) == ["12345"]
    assert first["Location"] == second["Location"] == url("order_lines", new.pk)


def test_articles_handed_over_without_a_choice_wait_for_it(
    logged_in, prescriber, person, two_drafts, rollator
):
    data = {"token": token(), "articles": ["12345"]}

    response = logged_in.post(url("order_new_for", person.pk), data)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Artikel 12345 läggs till på beställningen." in text
    assert '<input type="hidden" name="articles" value="12345"' in text
    assert f'value="{data["token"]}"' in text
    assert len(drafts(prescriber)) == 2
    assert [len(lines_of(order)) for order in two_drafts] == [2, 1]


def test_the_recipient_step_asks_when_there_are_drafts(
    logged_in, prescriber, person, two_drafts
):
    data = {
        "recipient_type": "patient",
        "personnummer": person.personnummer,
        "care_unit": "",
        "token": token(),
    }

    response = logged_in.post(url("order_new"), data)

    assert response["Location"] == url("order_new_for", person.pk)
    assert len(drafts(prescriber)) == 2


def test_a_choice_no_longer_a_draft_is_asked_again(
    logged_in, prescriber, person, two_drafts, colleague
):
    foreign = DraftOrderFactory(prescriber=colleague, person=person)
    data = {"token": token(), "choice": str(foreign.pk)}

    response = logged_in.post(url("order_new_for", person.pk), data)

    assert response.status_code == 200
    assert "Beställningen finns inte längre som påbörjad. Välj igen." in (
        response.content.decode()
    )
    assert foreign.lines.count() == 0
    assert len(drafts(prescriber)) == 2


def test_a_token_of_another_order_is_refused(logged_in, prescriber, person, colleague):
    foreign = DraftOrderFactory(prescriber=colleague, person=person)
    data = {"token": str(foreign.pk), "choice": "ny"}

    response = logged_in.post(url("order_new_for", person.pk), data)

    assert response["Location"] == url("order_new_for", person.pk)
    assert texts(response) == ["Formuläret har redan skickats. Börja om."]
    assert drafts(prescriber) == []


def test_the_service_returns_the_tokens_draft_once_made(prescriber, person):
    recipient = Recipient(person=person)
    made = uuid.uuid4()

    first = services.start_order(prescriber, recipient, token=made)
    second = services.start_order(prescriber, recipient, token=made)

    assert first.pk == second.pk == made
    assert drafts(prescriber) == [first]


def test_the_page_costs_the_same_with_more_drafts(
    logged_in, prescriber, person, time_machine
):
    when = datetime(2026, 3, 2, 9, 0)
    draft_for(prescriber, person, 1, time_machine, when)
    few, _ = queries(lambda: logged_in.get(url("order_new_for", person.pk)))
    for _ in range(4):
        draft_for(prescriber, person, 2, time_machine, when)

    many, response = queries(lambda: logged_in.get(url("order_new_for", person.pk)))

    assert len(response.context["drafts"]) == 5
    assert many == few


def _post_as(user, path, data):
    def post():
        client = Client()
        client.force_login(user)
        return client.post(path, data)

    return post


@concurrent
@pytest.mark.parametrize("choice", ["ny", "draft"])
def test_simultaneous_sends_make_one_draft_and_one_line(prescriber, person, choice):
    ArticleFactory(article_no="12345")
    draft = DraftOrderFactory(prescriber=prescriber, person=person)
    data = {
        "token": token(),
        "choice": "ny" if choice == "ny" else str(draft.pk),
        "articles": ["12345"],
    }
    path = url("order_new_for", person.pk)

    answers = run_together(*[_post_as(prescriber, path, data) for _ in range(4)])

    assert {answer.status_code for answer in answers} == {302}
    assert len(drafts(prescriber)) == (2 if choice == "ny" else 1)
    assert OrderLine.objects.filter(article__article_no="12345").count() == 1


def test_beställ_on_the_aids_page_goes_straight_to_the_lines_once(
    logged_in, prescriber, person
):
    aids = logged_in.get(url("recipient_aids", person.pk))
    data = {"token": str(aids.context["order_token"])}

    first = logged_in.post(url("order_new_for", person.pk), data)
    second = logged_in.post(url("order_new_for", person.pk), data)

    [order] = drafts(prescriber)
    assert first["Location"] == second["Location"] == url("order_lines", order.pk)
    assert order.customer == prescriber.customers.get()
    assert order.person == person


def test_beställ_on_the_aids_page_asks_for_the_customer_of_several(
    logged_in, prescriber, person
):
    prescriber.customers.add(CustomerFactory())
    aids = logged_in.get(url("recipient_aids", person.pk))

    response = logged_in.post(
        url("order_new_for", person.pk), {"token": str(aids.context["order_token"])}
    )

    [order] = drafts(prescriber)
    assert response["Location"] == url("order_customer", order.pk)
    assert order.customer is None

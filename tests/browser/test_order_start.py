"""Beställ on a held aid's page in a real browser: the first starts an order
for the aid's patient with its article; the second, from another aid,
offers the draft begun to continue, and the article goes on it."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.browser.helpers import heading, submit_login
from tests.factories import CustomerFactory, HoldingFactory, UserFactory


@pytest.fixture
def holdings(transactional_db):
    rollator = HoldingFactory(
        article__article_no="17940",
        person__first_name="Karin",
        customer=CustomerFactory(),
    )
    shower = HoldingFactory(article__article_no="34305", person=rollator.person)
    return rollator, shower


def order_aid(page, holding, then, note):
    """Beställ on the aid's page, and the page and note it leads to."""
    page.goto(f"/hjalpmedel/{holding.person.pk}/innehav/{holding.pk}/")
    page.get_by_role("button", name=f"Beställ {holding.article.article_no}").click()
    expect(heading(page, then)).to_be_visible()
    expect(page.get_by_text(note)).to_be_visible()


def test_beställ_on_an_aid_orders_it_for_the_patient_and_continues_the_draft(
    page, holdings, assert_accessible
):
    rollator, shower = holdings
    # A prescriber of the customer the patient's aids came through: a care
    # relationship.
    prescriber = UserFactory(customers=[rollator.customer])
    page.goto("/konto/logga-in/")
    submit_login(page, prescriber.username)
    person = rollator.person

    order_aid(
        page, rollator, "Orderrader", "Artikel 17940 är tillagd på beställningen."
    )
    expect(page.get_by_text(str(person)).first).to_be_visible()
    expect(page.get_by_label("Ta bort 17940")).to_be_visible()

    order_aid(
        page,
        shower,
        "Beställa hjälpmedel",
        "Artikel 34305 läggs till på beställningen.",
    )
    assert_accessible(page)
    page.get_by_role(
        "button", name=re.compile(r"^Fortsätt påbörjad beställning \(1 rad, ändrad ")
    ).click()

    expect(heading(page, "Orderrader")).to_be_visible()
    expect(page.get_by_label("Ta bort 17940")).to_be_visible()
    expect(page.get_by_label("Ta bort 34305")).to_be_visible()
    [order] = Order.objects.drafts_of(prescriber)
    assert order.person == person

"""The prescriber's side of the local stores (F-11): Ny beställning offers
Uttag ur eget förråd and Artiklar i varukorg only to a prescriber whose
customers have a store; a withdrawal takes the chosen units off the
store's shelf and delivers them at once; a basket has no recipient and
reserves its units on the prescriber until its due date."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from aids.choices import CareReason, HistoryKind, IndividualLocation
from aids.models import Individual
from orders.choices import LineStatus, OrderKind, OrderStatus
from orders.forms.recipient import NEW
from orders.models import Order, OrderLine
from tests.concurrency import concurrent, run_together
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    IndividualFactory,
    OrderLineFactory,
    PersonFactory,
    StockBalanceFactory,
    UserFactory,
)
from warehouse.models import LocalStoreCustomer, StockBalance, Warehouse

from .steps_helpers import drafts, lines_of, queries, token, url

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    """Wednesday 4 March 2026: a basket's 5 working days end on the 11th."""
    time_machine.move_to(datetime(2026, 3, 4, 10, tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def store(db):
    return Warehouse.objects.get(code="402")


@pytest.fixture
def nus(store):
    """A customer of Region Västerbotten whose prescribers take from 402."""
    customer = CustomerFactory(kundid="60101", name="Region NUS")
    LocalStoreCustomer.objects.create(warehouse=store, customer=customer)
    return customer


@pytest.fixture
def per(nus):
    """A prescriber of the store's customer."""
    return UserFactory(username="per.oberg", customers=[nus])


@pytest.fixture
def store_client(per):
    client = Client()
    client.force_login(per)
    return client


@pytest.fixture
def patient(nus):
    """A patient of the customer (a held aid): a care relationship."""
    person = PersonFactory()
    HoldingFactory(person=person, customer=nus)
    return person


@pytest.fixture
def rollator(store):
    """An I-marked rollator: two units on the shelf of 402."""
    article = ArticleFactory(article_no="11111", individually_marked=True)
    StockBalanceFactory(warehouse=store, article=article, on_hand=2)
    for number in ("R-1", "R-2"):
        IndividualFactory(individual_no=number, article=article, warehouse=store)
    return article


@pytest.fixture
def stool(store):
    """A shower stool 402 keeps, not I-marked."""
    article = ArticleFactory(article_no="22222", name="Duschpall")
    StockBalanceFactory(warehouse=store, article=article, on_hand=5)
    return article


def start(client, kind, person=None, tok=None):
    data = {
        "token": tok or token(),
        "kind": kind,
        "recipient_type": "patient",
        "personnummer": person.personnummer if person else "",
        "care_unit": "",
    }
    return client.post(url("order_new"), data)


def lines_data(client, order, **changes):
    """What the lines page sends back unchanged (with the units), and
    `changes` on top."""
    response = client.get(url("order_lines", order.pk))
    form = response.context["form"]
    data = {"version": response.context["version"], "save": ""}
    management = form.management_form
    for name in management.fields:
        data[management[name].html_name] = management[name].value()
    for row in form:
        for name in ("quantity", "payer", "individual"):
            if name in row.fields:
                data[row[name].html_name] = row[name].value() or ""
    data.update(changes)
    return data


def save_lines(client, order, **changes):
    return client.post(
        url("order_lines", order.pk), lines_data(client, order, **changes)
    )


def execute(client, order, **fields):
    return client.post(
        url("order_delivery", order.pk),
        {"recipient_phone": "070-111 22 33", "other_information": "", **fields},
    )


def withdrawal_with_rollator(client, patient, rollator):
    start(client, OrderKind.WITHDRAWAL, patient)
    [order] = drafts(Order.objects.get().prescriber)
    save_lines(client, order, article_no=rollator.article_no)
    return order


def test_without_stores_there_is_no_choice_and_a_forged_one_is_refused(
    logged_in, prescriber, store
):
    person = PersonFactory()
    HoldingFactory(person=person, customer=prescriber.customers.get())

    page = logged_in.get(url("order_new")).text
    refused = logged_in.post(
        url("order_new"),
        {
            "token": token(),
            "kind": OrderKind.WITHDRAWAL,
            "store": "402",
            "recipient_type": "patient",
            "personnummer": person.personnummer,
        },
    )

    assert "Uttag ur eget förråd" not in page
    assert "Artiklar i varukorg" not in page
    assert "?typ=basket" not in page
    assert refused.status_code == 200
    assert "dina kunder har inget eget förråd" in refused.text
    assert drafts(prescriber) == []


def test_a_store_prescriber_chooses_the_kind_and_has_varukorg_in_the_menu(
    store_client,
):
    page = store_client.get(url("order_new")).text
    basket_page = store_client.get(url("order_new") + "?typ=basket")

    for label in ("Beställning", "Uttag ur eget förråd", "Artiklar i varukorg"):
        assert label in page
    assert "402 NUS Umeå" in page
    assert f'href="{url("order_new")}?typ=basket">Varukorg</a>' in page
    assert basket_page.context["form"]["kind"].value() == OrderKind.BASKET
    assert re.search(r'<input[^>]*value="order"[^>]*checked', page)


def test_a_withdrawal_takes_the_unit_chosen_from_the_shelf_and_delivers_it(
    store_client, per, patient, rollator, store
):
    started = start(store_client, OrderKind.WITHDRAWAL, patient)
    [order] = drafts(per)
    assert started["Location"] == url("order_lines", order.pk)
    assert (order.kind, order.warehouse, order.customer.kundid) == (
        OrderKind.WITHDRAWAL,
        store,
        "60101",
    )

    save_lines(store_client, order, article_no=rollator.article_no)
    page = store_client.get(url("order_lines", order.pk)).text
    [line] = lines_of(order)
    assert "Uttag ur eget förråd 402 NUS Umeå" in page
    assert f'list="units-{rollator.pk}"' in page
    assert '<option value="R-1"></option><option value="R-2"></option>' in page

    saved = save_lines(store_client, order, **{"rad-0-individual": "R-2"})
    assert saved.status_code == 302
    delivery = store_client.get(url("order_delivery", order.pk)).text
    assert "Leveransadress" not in delivery
    executed = execute(store_client, order, execute="1")

    assert executed["Location"] == url("order_confirmation", order.pk)
    order.refresh_from_db()
    line.refresh_from_db()
    unit = Individual.objects.get(individual_no="R-2")
    assert order.status == OrderStatus.DELIVERED
    assert (line.status, line.individual, line.delivery_date) == (
        LineStatus.DELIVERED,
        unit,
        date(2026, 3, 4),
    )
    assert StockBalance.objects.get(warehouse=store, article=rollator).on_hand == 1
    assert unit.location == IndividualLocation.AT_RECIPIENT
    [history] = unit.history.all()
    assert (history.kind, history.warehouse, history.person) == (
        HistoryKind.DELIVERED,
        store,
        patient,
    )
    assert line.holding.individual == unit
    confirmation = store_client.get(url("order_confirmation", order.pk)).text
    assert "Uttag ur eget förråd 402 NUS Umeå" in confirmation
    assert "<td>R-2</td>" in confirmation
    assert "2026-03-04" in confirmation


@pytest.mark.parametrize(
    "typed, where",
    [("R-9", "unknown"), ("M-1", "in the main warehouse")],
)
def test_a_unit_not_on_the_store_shelf_is_refused_next_to_the_field(
    store_client, patient, rollator, main_warehouse, typed, where
):
    IndividualFactory(individual_no="M-1", article=rollator, warehouse=main_warehouse)
    order = withdrawal_with_rollator(store_client, patient, rollator)

    response = save_lines(store_client, order, **{"rad-0-individual": typed})

    assert response.status_code == 200, where
    row = response.context["form"].forms[0]
    assert row.errors["individual"] == [
        f"Individ {typed} av artikel 11111 finns inte i förråd 402."
    ]
    assert f'value="{typed}"' in response.text
    assert lines_of(order)[0].individual is None


def test_the_same_unit_on_two_lines_is_refused(store_client, patient, rollator):
    order = withdrawal_with_rollator(store_client, patient, rollator)
    save_lines(store_client, order, article_no=rollator.article_no)

    response = save_lines(
        store_client, order, **{"rad-0-individual": "R-1", "rad-1-individual": "R-1"}
    )

    assert "Individ R-1 står på mer än en rad." in response.text
    assert [line.individual for line in lines_of(order)] == [None, None]


def test_an_i_marked_line_takes_one_unit(store_client, patient, rollator):
    order = withdrawal_with_rollator(store_client, patient, rollator)

    response = save_lines(store_client, order, **{"rad-0-quantity": "2"})

    assert response.context["form"].forms[0].errors["quantity"] == [
        "Individmärkt artikel 11111 beställs en per rad."
    ]
    assert lines_of(order)[0].quantity == 1


def test_an_article_the_store_does_not_keep_is_ordered_with_bestallning(
    store_client, patient, rollator
):
    order = withdrawal_with_rollator(store_client, patient, rollator)
    ArticleFactory(article_no="33333")

    response = save_lines(store_client, order, article_no="33333")

    assert response.context["form"].new.errors["article_no"] == [
        "Artikel 33333 lagerhålls inte i förråd 402. Beställ den med Beställning."
    ]
    assert 'value="33333"' in response.text
    assert len(lines_of(order)) == 1


def test_verkstall_without_the_unit_or_after_it_was_taken_says_so(
    store_client, patient, rollator
):
    order = withdrawal_with_rollator(store_client, patient, rollator)

    missing = execute(store_client, order, execute="1")
    save_lines(store_client, order, **{"rad-0-individual": "R-1"})
    Individual.objects.filter(individual_no="R-1").update(
        location=IndividualLocation.AT_RECIPIENT
    )
    taken = execute(store_client, order, execute="1")

    assert "Ange individnummer på rad 1 (artikel 11111)." in missing.text
    assert "Individ R-1 av artikel 11111 finns inte i förråd 402." in taken.text
    order.refresh_from_db()
    assert order.is_draft


def test_a_basket_has_no_recipient_and_reserves_its_units_until_the_due_date(
    store_client, per, rollator, stool, store
):
    started = start(store_client, OrderKind.BASKET)
    [order] = drafts(per)
    assert started["Location"] == url("order_lines", order.pk)
    assert (order.kind, order.person, order.care_unit) == (OrderKind.BASKET, None, None)

    save_lines(store_client, order, article_no="11111 22222")
    page = store_client.get(url("order_lines", order.pk)).text
    assert "Artiklar i varukorg 402 NUS Umeå" in page
    assert "payer" not in page
    save_lines(store_client, order, **{"rad-0-individual": "R-1"})
    delivery = store_client.get(url("order_delivery", order.pk))
    assert delivery.status_code == 200
    assert "recipient_phone" not in delivery.text
    assert store_client.get(url("order_cancel_draft", order.pk)).status_code == 200
    executed = store_client.post(
        url("order_delivery", order.pk), {"other_information": "", "execute": "1"}
    )

    assert executed["Location"] == url("order_confirmation", order.pk)
    order.refresh_from_db()
    assert (order.status, order.due_on) == (OrderStatus.REGISTERED, date(2026, 3, 11))
    balances = {
        balance.article_id: (balance.on_hand, balance.reserved)
        for balance in StockBalance.objects.filter(warehouse=store)
    }
    assert balances == {rollator.pk: (2, 1), stool.pk: (5, 1)}
    assert Individual.objects.get(individual_no="R-1").location == (
        IndividualLocation.ON_LOAN
    )
    text = store_client.get(url("order_confirmation", order.pk)).text
    assert "Artiklar i varukorg 402 NUS Umeå" in text
    assert "2026-03-11" in text
    assert "registrerade på dig som förskrivare" in text
    # The basket's own page is where it is settled.
    detail = store_client.get(url("order_detail", order.pk))
    assert detail["Location"] == url("basket_settle", order.pk)
    assert store_client.get(url("order_pdf", order.pk)).status_code == 200
    index = store_client.get(url("order_index")).text
    assert "Artiklar i varukorg 402" in index


def test_a_basket_started_twice_is_one_draft_and_executed_twice_one_order(
    store_client, per, stool
):
    tok = token()
    start(store_client, OrderKind.BASKET, tok=tok)
    start(store_client, OrderKind.BASKET, tok=tok)
    [order] = drafts(per)
    save_lines(store_client, order, article_no="22222")

    first = store_client.post(url("order_delivery", order.pk), {"execute": "1"})
    second = store_client.post(url("order_delivery", order.pk), {"execute": "1"})

    assert first["Location"] == second["Location"]
    assert Order.objects.exclude(status=OrderStatus.DRAFT).count() == 1
    assert StockBalance.objects.get(article=stool).reserved == 1


def test_an_outsider_gets_404_on_a_store_draft(
    store_client, per, outsider, stool, client
):
    start(store_client, OrderKind.BASKET)
    [order] = drafts(per)
    client.force_login(outsider)

    for name in ("order_customer", "order_lines", "order_delivery"):
        assert client.get(url(name, order.pk)).status_code == 404


def test_the_customer_step_lists_only_the_store_customers(
    store_client, per, nus, stool
):
    other = CustomerFactory(kundid="40999")
    per.authorisations.create(customer=other)
    start(store_client, OrderKind.BASKET)
    [order] = drafts(per)

    page = store_client.get(url("order_customer", order.pk))
    forged = store_client.post(url("order_customer", order.pk), {"customer": other.pk})

    assert list(page.context["form"].fields["customer"].queryset) == [nus]
    assert forged.context["form"].errors["customer"] == [
        "Välj en av kunderna i listan."
    ]
    order.refresh_from_db()
    assert order.customer == nus


def test_a_withdrawal_waits_behind_the_question_about_a_care_relationship(
    store_client, per, rollator, store
):
    stranger = PersonFactory()
    recipient_page = url("order_new_for", stranger.pk) + "?typ=withdrawal&forrad=402"

    asked = start(store_client, OrderKind.WITHDRAWAL, stranger)
    assert drafts(per) == []
    confirmed = store_client.post(
        asked["Location"],
        {"confirmed": "on", "reason": CareReason.NEW_PATIENT},
    )
    page = store_client.get(confirmed["Location"])
    started = store_client.post(
        recipient_page,
        {
            "token": token(),
            "kind": OrderKind.WITHDRAWAL,
            "store": "402",
            "choice": NEW,
        },
    )

    assert confirmed["Location"] == recipient_page
    assert "Uttag ur eget förråd 402 NUS Umeå" in page.text
    [order] = drafts(per)
    assert started["Location"] == url("order_lines", order.pk)
    assert (order.kind, order.warehouse, order.person) == (
        OrderKind.WITHDRAWAL,
        store,
        stranger,
    )


def test_withdrawal_drafts_are_not_offered_for_an_order(store_client, per, patient):
    DraftOrderFactory(
        prescriber=per,
        person=patient,
        kind=OrderKind.WITHDRAWAL,
        warehouse=Warehouse.objects.get(code="402"),
    )

    started = start(store_client, OrderKind.ORDER, patient)

    [order] = Order.objects.filter(kind=OrderKind.ORDER)
    assert started["Location"] == url("order_lines", order.pk)


def test_the_basket_lines_page_costs_the_same_for_1_and_30_lines(
    store_client, per, nus, store
):
    counts = {}
    for count in (1, 30):
        order = DraftOrderFactory(
            prescriber=per, person=None, kind=OrderKind.BASKET, warehouse=store
        )
        article = ArticleFactory(individually_marked=True)
        StockBalanceFactory(warehouse=store, article=article, on_hand=count)
        for position in range(1, count + 1):
            unit = IndividualFactory(article=article, warehouse=store)
            OrderLineFactory(
                order=order, article=article, position=position, individual=unit
            )
        get, response = queries(
            lambda o=order: store_client.get(url("order_lines", o.pk))
        )
        assert response.status_code == 200
        data = lines_data(store_client, order)
        post, response = queries(
            lambda o=order, d=data: store_client.post(url("order_lines", o.pk), d)
        )
        assert response.status_code == 302
        counts[count] = (get, post)

    assert counts[1] == counts[30]
    assert OrderLine.objects.filter(individual__isnull=False).count() == 31


def test_verkstall_when_the_store_has_run_out_says_so_and_keeps_the_draft(
    store_client, per, stool, store
):
    start(store_client, OrderKind.BASKET)
    [order] = drafts(per)
    save_lines(store_client, order, article_no="22222")
    StockBalance.objects.filter(warehouse=store, article=stool).update(reserved=5)

    response = store_client.post(url("order_delivery", order.pk), {"execute": "1"})

    assert response.status_code == 200
    assert "Förråd 402 har bara 0 kvar av artikel 22222 (1 på ordern)." in response.text
    order.refresh_from_db()
    assert order.is_draft


def test_with_two_stores_the_prescriber_says_which(per, patient, store):
    lycksele = Warehouse.objects.get(code="602")
    customer = CustomerFactory(kundid="60201")
    LocalStoreCustomer.objects.create(warehouse=lycksele, customer=customer)
    per.authorisations.create(customer=customer)
    client = Client()
    client.force_login(per)

    page = client.get(url("order_new")).text
    unchosen = start(client, OrderKind.WITHDRAWAL, patient)
    chosen = client.post(
        url("order_new"),
        {
            "token": token(),
            "kind": OrderKind.WITHDRAWAL,
            "store": "602",
            "recipient_type": "patient",
            "personnummer": patient.personnummer,
        },
    )

    assert "602 Lycksele" in page
    assert unchosen.context["form"].errors["store"] == ["Välj förråd."]
    [order] = drafts(per)
    assert chosen["Location"] == url("order_lines", order.pk)
    assert (order.warehouse, order.customer) == (lycksele, customer)


def test_bestall_from_sok_artikel_on_a_withdrawal_says_what_the_store_lacks(
    store_client, patient, rollator
):
    order = withdrawal_with_rollator(store_client, patient, rollator)
    ArticleFactory(article_no="33333")

    response = store_client.post(
        url("order_add_articles"), {"articles": ["33333"]}, follow=True
    )

    assert response.redirect_chain == [(url("order_lines", order.pk), 302)]
    assert (
        "Artikel 33333 lagerhålls inte i förråd 402. Beställ den med Beställning."
        in response.text
    )
    assert len(lines_of(order)) == 1


def _post_as(user, path, data):
    def post():
        client = Client()
        client.force_login(user)
        return client.post(path, data)

    return post


@concurrent
def test_simultaneous_starts_and_verkstall_make_one_basket_and_reserve_once(
    per, stool, store
):
    data = {"token": token(), "kind": OrderKind.BASKET, "recipient_type": "patient"}
    started = run_together(*[_post_as(per, url("order_new"), data) for _ in range(4)])
    [order] = drafts(per)
    OrderLineFactory(order=order, article=stool)

    executed = run_together(
        *[
            _post_as(per, url("order_delivery", order.pk), {"execute": "1"})
            for _ in range(4)
        ]
    )

    assert {answer.status_code for answer in started + executed} == {302}
    assert {answer["Location"] for answer in executed} == {
        url("order_confirmation", order.pk)
    }
    assert Order.objects.exclude(status=OrderStatus.DRAFT).count() == 1
    assert StockBalance.objects.get(warehouse=store, article=stool).reserved == 1


def test_with_htmx_the_unit_is_saved_in_place_with_the_shelf_offered(
    store_client, patient, rollator
):
    order = withdrawal_with_rollator(store_client, patient, rollator)

    response = store_client.post(
        url("order_lines", order.pk),
        lines_data(store_client, order, **{"rad-0-individual": "R-1"}),
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert text.startswith('<form method="post"')
    assert 'name="rad-0-individual" value="R-1"' in text
    assert '<datalist id="units-' in text
    assert lines_of(order)[0].individual.individual_no == "R-1"


def test_a_basket_line_is_one_unit_said_next_to_its_quantity(store_client, per, stool):
    start(store_client, OrderKind.BASKET)
    [order] = drafts(per)
    save_lines(store_client, order, article_no="22222")

    response = save_lines(store_client, order, **{"rad-0-quantity": "2"})

    assert response.context["form"].forms[0].errors["quantity"] == [
        "I varukorgen lånas ett exemplar per rad. Lägg till fler rader av "
        "artikel 22222 i stället."
    ]
    assert 'name="rad-0-quantity" value="2"' in response.text
    assert lines_of(order)[0].quantity == 1

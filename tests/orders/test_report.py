"""Rekvirerat per förskrivare: the lines of the orders of the user's
customers in a period, filtered, sorted, capped, printed and downloaded,
every patient shown access-logged."""

import csv
import io
from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from orders.choices import LineStatus, OrderKind, OrderStatus
from orders.services import report
from warehouse.models import Warehouse

from ..factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    HoldingFactory,
    OrderLineFactory,
    PersonFactory,
)

REPORT = reverse("order_report")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NUMBERS = count(1)
FORM = {
    "date_from": "2026-03-01",
    "date_to": "2026-03-18",
    "status": report.ALL,
    "sort": report.BY_DATE,
}


def at(day, hour=10, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def mid_march(time_machine):
    time_machine.move_to(at(18), tick=False)


def executed(prescriber, when=None, lines=1, **fields):
    """An executed order of `prescriber` with `lines` lines, registered
    `when` (the 5th of March unless told)."""
    order = DraftOrderFactory(
        prescriber=prescriber,
        status=OrderStatus.REGISTERED,
        number=f"2610{next(NUMBERS):04d}",
        executed_at=when or at(5),
        **fields,
    )
    for _ in range(lines):
        OrderLineFactory(order=order)
    return order


def post(client, user, **data):
    client.force_login(user)
    return client.post(REPORT, {**FORM, **data})


def numbers(response):
    return [line.order.number for line, _, _ in response.context["lines"]]


def test_the_page_opens_with_this_month_so_far_and_no_rows(client, prescriber):
    client.force_login(prescriber)

    response = client.get(REPORT)

    assert response.status_code == 200
    assert 'value="2026-03-01"' in response.text
    assert 'value="2026-03-18"' in response.text
    assert "lines" not in response.context


def test_kundorder_links_to_the_report(client, prescriber):
    client.force_login(prescriber)

    assert REPORT in client.get(reverse("order_index")).text


def test_only_orders_of_the_users_customers_appear(
    client, prescriber, colleague, outsider
):
    mine = executed(prescriber)
    theirs = executed(colleague)
    hidden = executed(outsider)
    DraftOrderFactory(prescriber=prescriber)
    OrderLineFactory(order__prescriber=prescriber)

    response = post(client, prescriber)

    assert response.status_code == 200
    assert sorted(numbers(response)) == sorted([mine.number, theirs.number])
    assert reverse("order_detail", args=[mine.pk]) in response.text
    assert hidden.number not in response.text
    assert numbers(post(client, outsider)) == [hidden.number]


def test_staff_see_every_customers_orders(client, prescriber, outsider, staff):
    orders = [executed(prescriber), executed(outsider)]

    assert sorted(numbers(post(client, staff))) == sorted(o.number for o in orders)


def test_a_replenishment_has_no_customer_and_is_left_out(client, prescriber, staff):
    shown = executed(prescriber)
    restock = DraftOrderFactory(
        kind=OrderKind.REPLENISHMENT,
        prescriber=None,
        restocks=Warehouse.objects.get(code="402"),
        person=None,
        customer=None,
        payer=None,
        address_name="Förråd NUS",
        status=OrderStatus.REGISTERED,
        number=f"2610{next(NUMBERS):04d}",
        executed_at=at(5),
    )
    OrderLineFactory(order=restock)

    assert numbers(post(client, staff)) == [shown.number]


def test_forged_filters_for_another_customers_orders_return_nothing(
    client, prescriber, outsider
):
    executed(prescriber)
    hidden = executed(outsider)
    care_unit_order = executed(
        outsider, person=None, care_unit=outsider.customers.first()
    )

    for data in (
        {"number": hidden.number},
        {"personnummer": hidden.person.personnummer},
        {"care_unit": care_unit_order.care_unit.kundid},
        {"article": hidden.lines.get().article.article_no},
    ):
        response = post(client, prescriber, **data)
        assert numbers(response) == [], data
        assert "Inga orderrader matchade." in response.text


def test_the_filters_narrow_the_lines(client, prescriber, customer):
    first = executed(prescriber)
    second = executed(prescriber)
    care = executed(prescriber, person=None, care_unit=customer)
    article = second.lines.get().article

    assert numbers(post(client, prescriber, number="2610")) == [
        first.number,
        second.number,
        care.number,
    ]
    assert numbers(post(client, prescriber, number=second.number)) == [second.number]
    assert numbers(
        post(client, prescriber, personnummer=first.person.personnummer)
    ) == [first.number]
    assert numbers(post(client, prescriber, care_unit=customer.kundid)) == [care.number]
    assert numbers(post(client, prescriber, article=article.article_no)) == [
        second.number
    ]


def test_the_period_includes_both_its_days_in_local_time(client, prescriber):
    executed(prescriber, at(1, 0, 0) - (at(1, 0, 1) - at(1, 0, 0)))
    first = executed(prescriber, at(1, 0, 0))
    last = executed(prescriber, at(10, 23, 59))
    executed(prescriber, at(11, 0, 0))

    response = post(client, prescriber, date_from="2026-03-01", date_to="2026-03-10")

    assert numbers(response) == [first.number, last.number]


def test_the_status_chooses_delivered_or_not_delivered_lines(client, prescriber):
    delivered, waiting, cancelled = (executed(prescriber) for _ in range(3))
    delivered.lines.update(status=LineStatus.DELIVERED, delivered_quantity=1)
    cancelled.lines.update(status=LineStatus.CANCELLED)

    def listed(status):
        return numbers(post(client, prescriber, status=status))

    assert listed(report.DELIVERED) == [delivered.number]
    assert listed(report.NOT_DELIVERED) == [waiting.number]
    assert listed(report.ALL) == [delivered.number, waiting.number, cancelled.number]


def test_the_lines_sort_by_date_article_or_recipient(client, prescriber):
    early = executed(
        prescriber,
        at(2),
        person=PersonFactory(last_name="Öberg"),
    )
    late = executed(prescriber, at(3), person=PersonFactory(last_name="Andersson"))
    early.lines.update(article=ArticleFactory(article_no="900000"))
    late.lines.update(article=ArticleFactory(article_no="100000"))

    def listed(sort):
        return numbers(post(client, prescriber, sort=sort))

    assert listed(report.BY_DATE) == [early.number, late.number]
    assert listed(report.BY_ARTICLE) == [late.number, early.number]
    assert listed(report.BY_RECIPIENT) == [late.number, early.number]


def test_by_recipient_a_basket_line_sorts_by_its_patient_and_a_unit_by_name(
    client, prescriber, customer
):
    executed(prescriber, at(2), person=PersonFactory(last_name="Öberg"))
    executed(prescriber, at(3), person=PersonFactory(last_name="Andersson"))
    executed(
        prescriber, at(4), person=None, care_unit=CustomerFactory(name="Dalens ÄB")
    )
    basket = executed(prescriber, at(5), person=None, kind=OrderKind.BASKET, lines=2)
    settled = basket.lines.order_by("position").first()
    settled.holding = HoldingFactory(
        person=PersonFactory(last_name="Berg"), customer=customer
    )
    settled.save(update_fields=["holding"])

    response = post(client, prescriber, sort=report.BY_RECIPIENT)

    assert [name for _, name, _ in response.context["lines"]] == [
        *("Karin Andersson", "Karin Berg", "Dalens ÄB", "Karin Öberg", "Varukorg")
    ]


def test_a_basket_line_shows_its_patient_once_settled(client, prescriber, customer):
    basket = executed(prescriber, person=None, kind=OrderKind.BASKET, lines=2)
    settled, unsettled = basket.lines.order_by("position")
    patient = PersonFactory()
    settled.holding = HoldingFactory(person=patient, customer=customer)
    settled.save(update_fields=["holding"])

    response = post(client, prescriber)

    names = {line.pk: name for line, name, _ in response.context["lines"]}
    assert names == {settled.pk: str(patient), unsettled.pk: "Varukorg"}
    assert numbers(post(client, prescriber, personnummer=patient.personnummer)) == [
        basket.number
    ]


def test_more_lines_than_the_cap_show_the_first_and_say_so(
    client, prescriber, monkeypatch
):
    monkeypatch.setattr(report, "MAX_ROWS", 2)
    executed(prescriber, lines=3)

    response = post(client, prescriber)

    assert len(response.context["lines"]) == 2
    assert "Fler än 2 rader matchade. Begränsa perioden eller filtren." in (
        response.text
    )


def test_the_lines_come_a_page_at_a_time_and_the_buttons_keep_the_criteria(
    client, prescriber, colleague, monkeypatch
):
    monkeypatch.setattr(report, "PAGE_SIZE", 2)
    first = executed(prescriber, when=at(2))
    second = executed(colleague, when=at(3))
    last = executed(colleague, when=at(4))

    response = post(client, prescriber)

    assert numbers(response) == [first.number, second.number]
    assert "Orderrad 1–2 av 3" in response.text
    assert "Sida 1 av 2" in response.text
    assert 'type="submit" form="report-form" name="sida" value="2"' in response.text
    assert 'id="report-form"' in response.text
    page_two = post(client, prescriber, sida="2")
    assert numbers(page_two) == [last.number]
    assert "Föregående" in page_two.text
    assert "Nästa" not in page_two.text
    # Nonsense or a page past the end gives a page, not an error.
    assert numbers(post(client, prescriber, sida="9")) == [last.number]
    assert numbers(post(client, prescriber, sida="x")) == numbers(response)


def test_only_the_patients_of_the_page_shown_are_logged(
    client, prescriber, monkeypatch
):
    monkeypatch.setattr(report, "PAGE_SIZE", 1)
    shown = executed(prescriber, when=at(2))
    executed(prescriber, when=at(3))

    post(client, prescriber)

    assert [entry.person for entry in AccessLog.objects.all()] == [shown.person]


def test_a_file_holds_every_page(client, prescriber, monkeypatch):
    monkeypatch.setattr(report, "PAGE_SIZE", 1)
    executed(prescriber, lines=3)

    rows = xlsx_rows(downloaded(client, prescriber, "xlsx"))

    assert len(rows) == 1 + 3


def test_more_lines_than_the_cap_are_paged_up_to_the_cap(
    client, prescriber, monkeypatch
):
    monkeypatch.setattr(report, "MAX_ROWS", 3)
    monkeypatch.setattr(report, "PAGE_SIZE", 2)
    order = executed(prescriber, lines=4)

    response = post(client, prescriber, sida="2")

    assert [line.position for line, _, _ in response.context["lines"]] == [
        line.position for line in order.lines.order_by("position")[2:3]
    ]
    assert "Orderrad 3–3 av 3" in response.text
    assert "Fler än 3 rader matchade." in response.text


def test_the_cap_message_writes_ten_thousand_the_swedish_way(client, prescriber):
    executed(prescriber)

    response = post(client, prescriber)

    assert "Fler än" not in response.text
    assert "Högst 10 000 rader" in response.text


def test_the_printed_page_says_what_was_asked_for(client, prescriber):
    order = executed(prescriber)

    response = post(client, prescriber, number=order.number)

    text = response.text
    assert "report-page" in text
    assert 'class="d-none d-print-block print-criteria"' in text
    assert "2026-03-01 – 2026-03-18" in text
    assert f"<dd>{order.number}</dd>" in text


def downloaded(client, user, kind, **data):
    response = post(client, user, download=kind, **data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_excel_file_holds_the_lines(client, prescriber):
    order = executed(prescriber)
    order.lines.update(quantity=3, delivered_quantity=1)
    line = order.lines.select_related("article").get()

    response = downloaded(client, prescriber, "xlsx")

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    header, row = xlsx_rows(response)
    assert header == [
        "Ordernummer",
        "Datum",
        "Förskrivare",
        "Mottagare",
        "Artikelnummer",
        "Benämning",
        "Antal",
        "Levererat",
        "Status",
        "Betalare",
    ]
    assert row[0] == order.number
    assert row[1].date() == at(5).date()
    assert row[2:] == [
        str(prescriber),
        str(order.person),
        line.article.article_no,
        line.article.name,
        3,
        1,
        "Registrerad",
        str(order.payer),
    ]


def test_the_csv_file_is_semicolon_separated_utf8_with_bom(client, prescriber):
    order = executed(prescriber, person=PersonFactory(first_name="Åsa"))

    response = downloaded(client, prescriber, "csv")

    assert response.content.startswith("\ufeff".encode())
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:4] == ["Ordernummer", "Datum", "Förskrivare", "Mottagare"]
    assert rows[1][:4] == [
        order.number,
        "2026-03-05",
        str(prescriber),
        str(order.person),
    ]
    assert len(rows) == 2


def test_personnummer_only_with_the_tick(client, prescriber):
    order = executed(prescriber)
    number = order.person.personnummer

    for kind in ("xlsx", "csv"):
        without = downloaded(client, prescriber, kind)
        ticked = downloaded(client, prescriber, kind, show_personnummer="on")
        if kind == "xlsx":
            assert "Personnummer" not in xlsx_rows(without)[0]
            header, row = xlsx_rows(ticked)
            assert row[header.index("Personnummer")] == number
        else:
            assert number not in without.content.decode("utf-8-sig")
            assert "Personnummer" not in without.content.decode("utf-8-sig")
            assert number in ticked.content.decode("utf-8-sig")
    assert number not in post(client, prescriber, show_personnummer="on").text


def test_a_cell_is_never_a_formula(client, prescriber):
    executed(prescriber, person=PersonFactory(first_name="=HYPERLINK(1)"))

    [_, row] = xlsx_rows(downloaded(client, prescriber, "xlsx"))

    assert row[3].startswith("'=")


def test_the_patients_listed_are_logged_as_a_search(client, prescriber, colleague):
    order = executed(colleague)

    post(client, prescriber)

    [entry] = AccessLog.objects.filter(user=prescriber)
    assert entry.action == AccessAction.SEARCH
    assert entry.person == order.person
    assert entry.customer == order.customer


def test_an_export_is_logged_with_its_row_count(client, prescriber):
    order = executed(prescriber, lines=3)

    downloaded(client, prescriber, "csv")

    [entry] = AccessLog.objects.filter(user=prescriber)
    assert entry.action == AccessAction.EXPORT
    assert entry.person == order.person
    assert entry.object_repr == "Rekvirerat per förskrivare, 3 rader (csv)"


def queries(client, user, **data):
    post(client, user, **data)
    # The second time: logging in and the session cost queries of their own.
    with CaptureQueriesContext(connection) as context:
        response = client.post(REPORT, {**FORM, **data})
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("download", ["", "xlsx"])
def test_the_query_count_does_not_grow_with_the_lines(
    client, prescriber, colleague, download
):
    executed(prescriber)
    few = queries(client, prescriber, download=download)
    for _ in range(10):
        executed(colleague, lines=3)

    assert queries(client, prescriber, download=download) == few


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"personnummer": "194001011235"},
            "personnummer",
            "Personnumret är felaktigt: kontrollsiffran stämmer inte.",
        ),
        (
            {"date_from": "2026-03-10", "date_to": "2026-03-09"},
            "date_to",
            "Periodens sista dag kan inte vara före den första.",
        ),
        ({"date_from": ""}, "date_from", "Ange periodens första dag."),
        ({"number": "26a"}, "number", "Ett ordernummer består av siffror"),
        ({"care_unit": "123"}, "care_unit", "Ange en kod med exakt 5 siffror."),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_kept(
    client, prescriber, data, field, message
):
    response = post(client, prescriber, **data)

    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'id="id_{field}"' in response.text
    assert "lines" not in response.context
    for value in data.values():
        assert f'value="{value}"' in response.text or not value
    assert not AccessLog.objects.exists()


def test_a_download_with_bad_input_shows_the_page(client, prescriber):
    response = post(client, prescriber, download="xlsx", date_to="2026-02-01")

    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["date_to"]

"""Customer service's deviations in the admin: the list with its filters,
the page where a handler is assigned, the answer written and the status
moved (through services.handle), and the statistics per supplier and
article with their CSV."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from deviations.choices import DeviationCategory, DeviationStatus
from deviations.models import Deviation
from deviations.services import change_status, handle
from notices.models import Message
from tests.factories import ArticleFactory, UserFactory
from tests.orders.upload_files import media_root, upload  # noqa: F401

from .helpers import make_deviation

LIST_URL = reverse("admin:deviations_deviation_changelist")
STATISTICS_URL = reverse("admin:deviations_deviation_statistics")


@pytest.fixture(autouse=True)
def _on_wednesday(wednesday_morning):
    """4 March 2026."""


def change_url(deviation):
    return reverse("admin:deviations_deviation_change", args=[deviation.pk])


def listed(response):
    return list(response.context["cl"].result_list)


def change_form(response, **changes):
    """What the deviation's page posts: its editable fields and the
    inlines' management forms, no new files."""
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
    return data | changes


def test_only_staff_reach_the_deviations(client, prescriber):
    client.force_login(prescriber)
    assert client.get(LIST_URL).status_code == 302
    assert client.get(STATISTICS_URL).status_code == 302


def test_filters_and_search(staff_client, prescriber, staff, wheelchair):
    handler = UserFactory(is_staff=True)
    fault = make_deviation(prescriber, wheelchair)
    late = make_deviation(
        prescriber,
        article=ArticleFactory(),
        category=DeviationCategory.LATE_DELIVERY,
        injury=True,
    )
    handle(late, staff, status=DeviationStatus.INVESTIGATING, handler=handler)

    assert set(listed(staff_client.get(LIST_URL))) == {fault, late}
    assert listed(staff_client.get(LIST_URL, {"status__exact": "investigating"})) == [
        late
    ]
    assert listed(staff_client.get(LIST_URL, {"category__exact": "product_fault"})) == [
        fault
    ]
    assert listed(staff_client.get(LIST_URL, {"handler__id__exact": handler.pk})) == [
        late
    ]
    assert listed(staff_client.get(LIST_URL, {"injury__exact": "1"})) == [late]
    assert listed(staff_client.get(LIST_URL, {"q": fault.number})) == [fault]


def test_the_list_logs_the_patients_it_shows(staff_client, deviation):
    page = staff_client.get(LIST_URL)
    assert "Karin Berg" in page.text
    assert AccessLog.objects.filter(person_id=str(deviation.person_id)).exists()


@pytest.mark.usefixtures("media_root")
def test_staff_assign_answer_and_move_it(staff_client, staff, prescriber, deviation):
    page = staff_client.get(change_url(deviation))
    assert "Bromsen släpper på höger sida." in page.text
    assert "Etac AB" in page.text
    # Registrerad may only go on to Under utredning.
    choices = dict(page.context["adminform"].form.fields["new_status"].choices)
    assert list(choices) == ["", "investigating"]

    response = staff_client.post(
        change_url(deviation),
        change_form(
            page,
            handler=str(staff.pk),
            new_status="investigating",
            answer="Vi har kontaktat Etac.",
            supplier_reference="ETAC-4711",
        )
        | {"attachments-2-0-file": upload("svar.pdf")},
    )

    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.INVESTIGATING
    assert (deviation.handler, deviation.answer, deviation.supplier_reference) == (
        staff,
        "Vi har kontaktat Etac.",
        "ETAC-4711",
    )
    assert [change.status for change in deviation.status_changes.all()] == [
        "registered",
        "investigating",
    ]
    (message,) = Message.objects.filter(recipient=prescriber)
    assert "Vi har kontaktat Etac." in message.body
    assert deviation.attachments.get().uploaded_by == staff


def test_a_status_not_allowed_is_refused_on_the_page(staff_client, deviation):
    page = staff_client.get(change_url(deviation))
    response = staff_client.post(
        change_url(deviation), change_form(page, new_status="resolved")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_status"]
    assert Deviation.objects.get().status == DeviationStatus.REGISTERED
    assert not Message.objects.exists()


def test_a_prescriber_is_no_handler(staff_client, prescriber, deviation):
    page = staff_client.get(change_url(deviation))
    response = staff_client.post(
        change_url(deviation), change_form(page, handler=str(prescriber.pk))
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["handler"]


def test_the_page_logs_the_patient(staff_client, deviation):
    staff_client.get(change_url(deviation))
    assert AccessLog.objects.filter(person_id=str(deviation.person_id)).exists()


def test_statistics_per_supplier_and_article_for_a_period(
    staff_client, prescriber, wheelchair, time_machine
):
    rollator = ArticleFactory(
        article_no="20003", name="Rollator Topro", supplier__name="Topro AS"
    )
    time_machine.move_to(date(2026, 1, 15))
    make_deviation(prescriber, wheelchair, occurred_on=date(2026, 1, 14))
    time_machine.move_to(date(2026, 2, 10))
    make_deviation(prescriber, wheelchair, occurred_on=date(2026, 2, 9), injury=True)
    make_deviation(
        prescriber,
        article=rollator,
        occurred_on=date(2026, 2, 9),
        category=DeviationCategory.WRONG_DELIVERY,
    )
    time_machine.move_to(date(2026, 3, 4))
    make_deviation(prescriber, article=rollator, occurred_on=date(2026, 3, 1))

    period = {"date_from": "2026-01-01", "date_to": "2026-02-28"}
    response = staff_client.get(STATISTICS_URL, period)
    rows = response.context["rows"]
    assert [
        (row["article__supplier__name"], row["article__article_no"], row["total"])
        for row in rows
    ] == [("Etac AB", "17950", 2), ("Topro AS", "20003", 1)]
    assert rows[0]["incidents"] == 1
    assert response.context["suppliers"] == [("Etac AB", 2, 1), ("Topro AS", 1, 0)]
    assert "3 avvikelser 2026-01-01–2026-02-28" in response.text

    download = staff_client.get(STATISTICS_URL, period | {"format": "csv"})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    text = download.content.decode("utf-8")
    assert text.startswith("\ufeffLeverantör;Artikelnummer;Benämning;")
    lines = text.splitlines()
    assert lines[1] == "Etac AB;17950;Rullstol Etac;2;1;2;0;0;0;0"
    assert lines[2] == "Topro AS;20003;Rollator Topro;1;0;0;0;1;0;0"


def test_statistics_refuse_a_period_backwards(staff_client, db):
    response = staff_client.get(
        STATISTICS_URL, {"date_from": "2026-03-01", "date_to": "2026-02-01"}
    )
    assert "Periodens sista dag kan inte vara före den första." in response.text
    assert response.context["rows"] is None


def test_the_statistics_page_starts_with_this_year(staff_client, db):
    response = staff_client.get(STATISTICS_URL)
    assert response.context["form"]["date_from"].value() == date(2026, 1, 1)
    assert (
        reverse("admin:deviations_deviation_statistics")
        in staff_client.get(LIST_URL).text
    )


@pytest.mark.parametrize("count", [1, 15])
def test_the_lists_query_count_does_not_grow(
    staff_client, prescriber, wheelchair, staff, count, django_assert_max_num_queries
):
    for _ in range(count):
        change_status(
            make_deviation(prescriber, wheelchair), DeviationStatus.INVESTIGATING, staff
        )
    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST_URL)
    assert len(listed(response)) == count

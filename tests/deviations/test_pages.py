"""Rapportera avvikelse from an aid, an order line and an article; the
deviation's page with its status and answer; Avvikelser. The reporter, the
customer's prescribers and staff see a deviation, anyone else gets a 404;
refusals are answered next to the field with everything kept."""

import re

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from core.uploads import check_attachment
from deviations.choices import INCIDENT_ADVICE, DeviationStatus
from deviations.models import Deviation
from deviations.services import attach_file, change_status, handle
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    HoldingFactory,
    UserFactory,
)
from tests.orders.placed_helpers import placed_order
from tests.orders.upload_files import upload

from .helpers import make_deviation


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _on_wednesday(wednesday_morning):
    """Every page test runs on 4 March 2026."""


def holding_url(holding):
    return reverse("deviation_new_for_holding", args=[holding.person_id, holding.pk])


def posted(response_form_token, **fields):
    return {
        "token": response_form_token,
        "category": "product_fault",
        "injury": "nej",
        "occurred_on": "2026-03-01",
        "description": "Bromsen släpper på höger sida.",
        **fields,
    }


def token_of(response):
    return str(response.context["form"]["token"].value())


def test_the_aids_page_leads_to_the_form(logged_in, wheelchair):
    page = logged_in.get(
        reverse("recipient_holding", args=[wheelchair.person_id, wheelchair.pk])
    )
    assert holding_url(wheelchair) in page.text
    form = logged_in.get(holding_url(wheelchair))
    assert form.status_code == 200
    text = form.text
    assert "Rapportera avvikelse" in text
    assert "17950 Rullstol Etac" in text
    assert "I123456" in text
    for category in ["Produktfel", "Skada/tillbud", "Felleverans", "Annat"]:
        assert category in text
    assert "Har avvikelsen orsakat skada på person?" in text
    assert "Läkemedelsverket" in text
    assert AccessLog.objects.filter(person_id=str(wheelchair.person_id)).exists()


def test_verkstall_registers_the_deviation_with_a_photo(
    logged_in, prescriber, wheelchair
):
    token = token_of(logged_in.get(holding_url(wheelchair)))
    response = logged_in.post(
        holding_url(wheelchair),
        {**posted(token, injury="ja"), "files": [upload("bromsen.png")]},
        follow=True,
    )
    deviation = Deviation.objects.get()
    assert response.redirect_chain == [(deviation.get_absolute_url(), 302)]
    assert str(deviation.pk) == token
    assert (deviation.prescriber, deviation.holding, deviation.injury) == (
        prescriber,
        wheelchair,
        True,
    )
    text = response.text
    assert f"Avvikelsen är registrerad med nummer {deviation.number}" in text
    assert "Registrerad" in text
    assert "bromsen.png" in text
    # Ja makes it a tillbud, and the receipt tells of the duty to report.
    assert "Tillbud: rapportera även till Läkemedelsverket" in text
    assert str(INCIDENT_ADVICE)[:40] in text


def test_sent_twice_it_is_registered_once(logged_in, wheelchair):
    token = token_of(logged_in.get(holding_url(wheelchair)))
    first = logged_in.post(holding_url(wheelchair), posted(token))
    again = logged_in.post(holding_url(wheelchair), posted(token))
    assert first["Location"] == again["Location"]
    assert Deviation.objects.count() == 1


def test_a_token_of_someone_elses_deviation_is_renewed(
    logged_in, colleague, wheelchair
):
    theirs = make_deviation(colleague, wheelchair)
    response = logged_in.post(holding_url(wheelchair), posted(str(theirs.pk)))
    assert response.status_code == 200
    assert "Formuläret har redan skickats" in response.text
    assert token_of(response) != str(theirs.pk)
    again = logged_in.post(holding_url(wheelchair), posted(token_of(response)))
    assert again.status_code == 302
    assert Deviation.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"description": ""}, "description", "Beskriv avvikelsen: vad hände?"),
        ({"occurred_on": "2026-03-05"}, "occurred_on", "kan inte vara i framtiden"),
        ({"occurred_on": "1 mars"}, "occurred_on", "Ange datumet som ÅÅÅÅ-MM-DD."),
        ({"category": ""}, "category", "Välj kategori."),
        ({"injury": ""}, "injury", "Svara Ja eller Nej."),
        (
            {"files": [upload("bromsen.png", b"not a png")]},
            "files",
            "är inte vad filändelsen säger",
        ),
        (
            {"files": [upload("virus.exe", b"MZ")]},
            "files",
            "kan inte bifogas",
        ),
    ],
)
def test_bad_input_is_answered_next_to_the_field_with_everything_kept(
    logged_in, wheelchair, fields, field, error
):
    token = token_of(logged_in.get(holding_url(wheelchair)))
    data = posted(token, description="Hjulet lossnade.", category="injury")
    data.update(fields)
    response = logged_in.post(holding_url(wheelchair), data)
    assert response.status_code == 200
    assert not Deviation.objects.exists()
    text = response.text
    assert "Avvikelsen är inte registrerad" in text
    form = response.context["files" if field == "files" else "form"]
    assert any(error in message for message in form.errors[field])
    assert f'id="error_1_id_{field}"' in text or error in text
    if field != "description":
        assert "Hjulet lossnade." in text
    if field != "category":
        assert re.search(r'value="injury"[^>]*checked', text)


def test_the_customer_is_chosen_among_the_prescribers(client, wheelchair):
    other = CustomerFactory()
    user = UserFactory(customers=[wheelchair.customer, other])
    client.force_login(user)
    token = token_of(client.get(holding_url(wheelchair)))
    refused = client.post(holding_url(wheelchair), posted(token))
    assert "Välj kund." in refused.text
    client.post(holding_url(wheelchair), posted(token, customer=str(other.pk)))
    assert Deviation.objects.get().customer == other


def test_a_returned_aid_has_the_link_and_the_form(logged_in, wheelchair):
    wheelchair.returned_on = wheelchair.delivered_on
    wheelchair.save()
    page = logged_in.get(
        reverse("recipient_holding", args=[wheelchair.person_id, wheelchair.pk])
    )
    assert holding_url(wheelchair) in page.text
    assert "Återlämnat" in logged_in.get(holding_url(wheelchair)).text


def test_an_aid_not_delivered_has_no_form(logged_in, wheelchair, person, customer):
    ordered = HoldingFactory(person=person, customer=customer, delivered_on=None)
    assert logged_in.get(holding_url(ordered)).status_code == 404


def test_from_an_order_line(logged_in, prescriber):
    order = placed_order(prescriber)
    line = order.lines.get()
    url = reverse("deviation_new_for_line", args=[order.pk, line.pk])
    assert url in logged_in.get(reverse("order_detail", args=[order.pk])).text
    form = logged_in.get(url)
    assert f"{order.number}, rad {line.position}" in form.text
    response = logged_in.post(url, posted(token_of(form), category="late_delivery"))
    deviation = Deviation.objects.get()
    assert response["Location"] == deviation.get_absolute_url()
    assert (deviation.order_line, deviation.person) == (line, order.person)


def test_an_order_line_of_someone_else_is_a_404(client, outsider, prescriber):
    order = placed_order(prescriber)
    client.force_login(outsider)
    url = reverse("deviation_new_for_line", args=[order.pk, order.lines.get().pk])
    assert client.get(url).status_code == 404


def test_from_an_individual_card(logged_in, wheelchair):
    url = reverse("deviation_new_for_individual", args=["I123456"])
    assert url in logged_in.get(reverse("individual_card", args=["I123456"])).text
    form = logged_in.get(url)
    assert "I123456" in form.text
    assert "Karin Berg" not in form.text
    logged_in.post(url, posted(token_of(form)))
    deviation = Deviation.objects.get()
    assert (deviation.individual, deviation.article) == (
        wheelchair.individual,
        wheelchair.article,
    )
    assert deviation.recipient is None


def test_from_an_article_page(logged_in):
    article = ArticleFactory(article_no="20003", name="Rollator Topro")
    url = reverse("deviation_new_for_article", args=["20003"])
    assert url in logged_in.get(reverse("article_detail", args=["20003"])).text
    form = logged_in.get(url)
    assert "20003 Rollator Topro" in form.text
    response = logged_in.post(url, posted(token_of(form), category="other"))
    deviation = Deviation.objects.get()
    assert response["Location"] == deviation.get_absolute_url()
    assert (deviation.article, deviation.recipient) == (article, None)
    assert "20003" in logged_in.get(deviation.get_absolute_url()).text


def test_a_user_without_customers_is_sent_back(client, db):
    ArticleFactory(article_no="20003")
    client.force_login(UserFactory())
    response = client.get(
        reverse("deviation_new_for_article", args=["20003"]), follow=True
    )
    assert "Du har ingen kund att rapportera för" in response.text
    assert not Deviation.objects.exists()


@pytest.mark.parametrize("persona", ["prescriber", "colleague", "staff"])
def test_the_reporter_the_customers_prescribers_and_staff_see_it(
    client, request, deviation, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(deviation.get_absolute_url())
    assert response.status_code == 200
    assert f"Avvikelse {deviation.number}" in response.text
    assert "Bromsen släpper på höger sida." in response.text
    assert "Karin Berg" in response.text
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(person_id=str(deviation.person_id)).exists()


def test_someone_elses_deviation_is_a_404(client, outsider, deviation):
    photo = upload("bromsen.png")
    attached = attach_file(
        deviation, photo, deviation.prescriber, check_attachment(photo)
    )
    client.force_login(outsider)
    assert client.get(deviation.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("deviation_attachment", args=[attached.pk])).status_code
        == 404
    )


def test_the_reporter_keeps_seeing_their_own_after_leaving_the_customer(
    client, prescriber, deviation
):
    prescriber.authorisations.all().delete()
    client.force_login(prescriber)
    assert client.get(deviation.get_absolute_url()).status_code == 200


def test_the_page_shows_the_status_and_the_answer(logged_in, deviation, staff):
    assert (
        "Kundtjänst har inte svarat än"
        in logged_in.get(deviation.get_absolute_url()).text
    )
    handle(
        deviation,
        staff,
        status=DeviationStatus.INVESTIGATING,
        answer="Leverantören byter bromsen.",
    )
    text = logged_in.get(deviation.get_absolute_url()).text
    assert "Under utredning" in text
    assert "Leverantören byter bromsen." in text
    assert "Läkemedelsverket" not in text


def test_the_list_shows_own_and_the_customers_deviations(
    client, prescriber, colleague, outsider, wheelchair, staff
):
    mine = make_deviation(prescriber, wheelchair)
    theirs = make_deviation(colleague, wheelchair)
    elsewhere = make_deviation(outsider, article=ArticleFactory())
    change_status(theirs, DeviationStatus.INVESTIGATING, staff)
    client.force_login(prescriber)
    response = client.get(reverse("deviation_index"))
    assert set(response.context["deviations"]) == {mine, theirs}
    assert elsewhere.number not in response.text
    assert "Under utredning" in response.text
    assert "no-store" in response["Cache-Control"]
    only = client.get(reverse("deviation_index"), {"status": "investigating"})
    assert list(only.context["deviations"]) == [theirs]
    assert client.get(reverse("deviation_index"), {"status": "x"}).status_code == 200


def test_dina_uppgifter_leads_to_the_list(logged_in):
    page = logged_in.get(reverse("my_details"))
    assert f'href="{reverse("deviation_index")}"' in page.text


@pytest.mark.parametrize("count", [1, 15])
def test_the_lists_query_count_does_not_grow(
    logged_in, prescriber, customer, staff, count, django_assert_num_queries
):
    for _ in range(count):
        holding = HoldingFactory(customer=customer)
        deviation = make_deviation(prescriber, holding)
        change_status(deviation, DeviationStatus.INVESTIGATING, staff)
    make_deviation(prescriber, article=ArticleFactory())
    # The same number of queries for 2 deviations and for 16.
    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        response = logged_in.get(reverse("deviation_index"))
    assert len(response.context["deviations"]) == count + 1


QUERIES_FOR_THE_LIST = 5


@pytest.mark.parametrize(
    ("topic", "heading"),
    [
        ("deviation_new_for_holding", "Hjälp: Rapportera avvikelse"),
        ("deviation_new_for_line", "Hjälp: Rapportera avvikelse"),
        ("deviation_new_for_individual", "Hjälp: Rapportera avvikelse"),
        ("deviation_new_for_article", "Hjälp: Rapportera avvikelse"),
        ("deviation_detail", "Hjälp: Avvikelse"),
        ("deviation_index", "Hjälp: Avvikelser"),
    ],
)
def test_each_page_has_its_help(client, db, topic, heading):
    text = client.get(reverse("help", args=[topic])).text
    assert heading in text
    assert "Hjälp: webSesam" not in text

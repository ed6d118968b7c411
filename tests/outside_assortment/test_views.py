"""The prescriber's pages: Begär artikeln from an article's page and Sök
artikel, the form (bad input answered next to the field with everything
kept, Verkställ twice sends one request), the case page and the list of
the user's customers' requests, scoped and access-logged."""

import re

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from core.uploads import check_attachment
from outside_assortment.choices import RequestStatus
from outside_assortment.models import OutsideRequest
from outside_assortment.services import decide
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    PersonFactory,
    UserFactory,
    personnummer,
)
from tests.orders.upload_files import upload

from .helpers import make_request

NEW = reverse("outside_request_new")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(page, person, **fields):
    """What the browser sends: the page's token and the typed fields."""
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return {
        "token": token,
        "recipient_type": "patient",
        "personnummer": person.personnummer if person else "",
        "care_unit": "",
        "article_no": "55555",
        "quantity": "1",
        "description": "",
        "supplier": "",
        "reason": "Badkaret är för högt för sortimentets lyftar.",
        **fields,
    }


def test_an_outside_article_offers_the_request(logged_in, bath_lift):
    page = logged_in.get(reverse("article_detail", args=["55555"]))
    assert "Kontakta hjälpmedelskonsulent" in page.text
    assert f'href="{NEW}?artikel=55555"' in page.text
    assert "Begär artikeln" in page.text


def test_an_outside_search_hit_offers_the_request(logged_in, bath_lift):
    page = logged_in.get(
        reverse("article_search"), {"name": "badkarslyft", "outside_assortment": "on"}
    )
    assert f'href="{NEW}?artikel=55555"' in page.text


def test_an_article_in_the_assortment_offers_no_request(logged_in):
    ArticleFactory(article_no="17940")
    page = logged_in.get(reverse("article_detail", args=["17940"]))
    assert NEW not in page.text


def test_the_form_names_the_article_asked_for(logged_in, bath_lift):
    page = logged_in.get(NEW, {"artikel": "55555"})
    assert "55555 Badkarslyft Aquatec" in page.text
    assert 'value="55555"' in page.text
    assert page.headers["Cache-Control"].startswith("max-age=0")


def test_verkstall_sends_the_request_once_and_shows_it(
    logged_in, prescriber, person, bath_lift
):
    page = logged_in.get(NEW, {"artikel": "55555"})
    data = {**form_data(page, person), "files": [upload("bedomning.pdf")]}
    response = logged_in.post(NEW, data, follow=True)
    again = logged_in.post(NEW, form_data(page, person))

    outside_request = OutsideRequest.objects.get()
    assert response.redirect_chain == [
        (reverse("outside_request_detail", args=[outside_request.pk]), 302)
    ]
    assert again.url == outside_request.get_absolute_url()
    assert f"ärendenummer {outside_request.number}" in response.text
    assert outside_request.person == person
    assert outside_request.article == bath_lift
    assert outside_request.prescriber == prescriber
    assert outside_request.attachments.get().original_name == "bedomning.pdf"
    assert "Inskickad" in response.text
    assert "Hjälpmedelskonsulenten har inte besvarat" in response.text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reason": ""}, "reason", "Skriv varför ingen artikel i sortimentet passar."),
        ({"article_no": "", "description": ""}, "description", "beskriv artikeln"),
        ({"article_no": "99999"}, "article_no", "ingen artikel med artikelnummer"),
        ({"article_no": "17940"}, "article_no", "ingår i sortimentet"),
        ({"quantity": "0"}, "quantity", "heltal från 1 till 99"),
        (
            {"personnummer": personnummer(9999)},
            "personnummer",
            "Det finns ingen person med det personnumret",
        ),
        ({"files": "bad"}, "files", "kan inte bifogas"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_with_everything_kept(
    logged_in, person, bath_lift, fields, field, message
):
    ArticleFactory(article_no="17940")
    page = logged_in.get(NEW)
    data = form_data(page, person, **{"description": "Höj- och sänkbar", **fields})
    if fields.get("files"):
        data["files"] = [upload("virus.exe", b"MZ")]
    response = logged_in.post(NEW, data)

    assert response.status_code == 200
    assert not OutsideRequest.objects.exists()
    assert f'id="id_{field}_error"' in response.text
    assert message in response.text
    assert "Begäran är inte inskickad" in response.text
    assert data["personnummer"] in response.text
    if field != "reason":
        assert "Badkaret är för högt" in response.text


def test_a_care_unit_the_user_does_not_order_for_is_refused(logged_in, bath_lift):
    other = CustomerFactory(kundid="77777")
    page = logged_in.get(NEW)
    response = logged_in.post(
        NEW,
        form_data(page, None, recipient_type="vardenhet", care_unit=other.kundid),
    )
    assert "Du har inte behörighet för vårdenheten" in response.text
    assert not OutsideRequest.objects.exists()


def test_the_case_page_shows_the_decision_and_is_logged(
    logged_in, prescriber, person, staff, outside_request
):
    decide(outside_request, RequestStatus.GRANTED, staff, note="Beviljas i år.")
    page = logged_in.get(outside_request.get_absolute_url())
    assert "Beviljad" in page.text
    assert "Beviljas i år." in page.text
    assert "kan nu beställas en gång" in page.text
    assert reverse("order_new_for", args=[str(person.pk)]) in page.text
    assert AccessLog.objects.filter(person_id=str(person.pk), user=prescriber).exists()


def test_another_customers_case_is_a_404(client, outsider, outside_request):
    client.force_login(outsider)
    assert client.get(outside_request.get_absolute_url()).status_code == 404


def test_a_colleague_of_the_customer_sees_the_case(client, colleague, outside_request):
    client.force_login(colleague)
    assert client.get(outside_request.get_absolute_url()).status_code == 200


def test_an_attachment_is_served_only_within_the_customer(
    client, prescriber, outsider, person, bath_lift
):
    file = upload("bedomning.pdf")
    outside_request = make_request(
        prescriber, person, article=bath_lift, files=[(file, check_attachment(file))]
    )
    url = reverse(
        "outside_request_attachment", args=[outside_request.attachments.get().pk]
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(prescriber)
    assert client.get(url).status_code == 200


def test_the_list_shows_the_customers_requests_only(
    client, prescriber, colleague, outsider, person, bath_lift
):
    mine = make_request(prescriber, person, article=bath_lift)
    colleagues = make_request(colleague, person, description="Specialsits")
    others = make_request(outsider, person, description="Annan kund")
    client.force_login(prescriber)
    page = client.get(reverse("outside_request_index"))
    assert mine.number in page.text
    assert colleagues.number in page.text
    assert others.number not in page.text
    assert AccessLog.objects.filter(person_id=str(person.pk)).exists()


def test_my_details_links_to_the_list(logged_in):
    page = logged_in.get(reverse("my_details"))
    assert reverse("outside_request_index") in page.text


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_reads_a_constant_number_of_queries(
    logged_in, prescriber, bath_lift, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_request(prescriber, PersonFactory(), article=bath_lift)
    with django_assert_max_num_queries(12):
        page = logged_in.get(reverse("outside_request_index"))
    assert page.text.count("<tr>") == count + 1


def test_a_user_without_customers_is_sent_back(client, bath_lift):
    client.force_login(UserFactory())
    response = client.get(NEW)
    assert response.url == reverse("start")

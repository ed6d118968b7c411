"""BMB pages: the form from the aids page, the receipt and its PDF, for the
personas; bad input answered next to the field; query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import AccessAction
from aids.models import Holding
from tests.aids.recipient_helpers import log_in_caring_for, views_logged
from tests.factories import ArticleFactory, HoldingFactory, UserFactory
from tests.pdf import pdf_text
from transfers.models import Transfer

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def new_url(key):
    return reverse("transfer_new", args=[str(key)])


def posted(holdings, **fields):
    return {
        "token": str(uuid.uuid4()),
        "kind": "payer",
        "valid_from": TODAY.isoformat(),
        "payer": "22000",
        "holdings": [str(held.pk) for held in holdings],
        **fields,
    }


def ticked(response):
    return {str(row["pk"]) for row in response.context["rows"] if row["ticked"]}


@pytest.fixture
def logged_in(client, prescriber, person):
    log_in_caring_for(client, prescriber, person)
    return client


def test_the_aids_page_links_to_bmb(logged_in, person, rollator):
    response = logged_in.get(reverse("recipient_aids", args=[person.pk]))

    assert f'href="{new_url(person.pk)}"' in response.text


def test_the_form_lists_the_current_aids_with_their_payer(
    logged_in, person, rollator, cushion
):
    response = logged_in.get(new_url(person.pk))

    assert response.status_code == 200
    assert [row["number"] for row in response.context["rows"]] == sorted(
        [rollator.article.article_no, cushion.article.article_no]
    )
    assert "21000 Umeå kommun" in response.text
    assert views_logged(person).count() == 1
    assert "no-store" in response["Cache-Control"]


def test_an_aid_reported_lost_cannot_be_ticked(logged_in, person, rollator):
    Holding.objects.filter(pk=rollator.pk).update(lost_on=rollator.delivered_on)

    response = logged_in.get(new_url(person.pk))

    [row] = response.context["rows"]
    assert row["busy"] == "Anmält borttappat"
    assert f'value="{rollator.pk}"' not in response.text


def test_the_aids_own_page_ticks_it(logged_in, person, rollator, cushion):
    response = logged_in.get(new_url(person.pk) + f"?innehav={cushion.pk}")

    assert ticked(response) == {str(cushion.pk)}


def test_verkstall_changes_the_payer_and_shows_the_receipt(
    logged_in, person, rollator, cushion, new_payer
):
    response = logged_in.post(new_url(person.pk), posted([rollator, cushion]))

    transfer = Transfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer_detail", args=[transfer.pk])
    assert set(
        Holding.objects.filter(pk__in=[rollator.pk, cushion.pk]).values_list(
            "payer__betalarid", flat=True
        )
    ) == {"22000"}

    receipt = logged_in.get(response["Location"])

    assert f"BMB-nummer {transfer.number}" in receipt.text
    assert "22000 Region Västerbotten" in receipt.text
    assert views_logged(person).filter(object_id=str(transfer.pk)).exists()


def test_the_receipt_as_pdf(logged_in, person, rollator, new_payer):
    logged_in.post(new_url(person.pk), posted([rollator]))
    transfer = Transfer.objects.get()

    response = logged_in.get(reverse("transfer_pdf", args=[transfer.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert transfer.number in text
    assert "22000 Region Västerbotten" in text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"payer": "99999"},
            "payer",
            "Betalare 99999 finns inte. Ange ett betalarid med 5 siffror.",
        ),
        ({"payer": "12a"}, "payer", "Ange en kod med exakt 5 siffror."),
        ({"payer": ""}, "payer", "Ange den nya betalarens betalarid, 5 siffror."),
        (
            {"valid_from": "2026-02-27"},
            "valid_from",
            "Datumet måste vara i innevarande månad och senast i dag "
            "(2026-03-01 – 2026-03-18).",
        ),
        ({"ticked": []}, "holdings", "Markera minst ett hjälpmedel."),
        ({"kind": "store"}, "kind", "Välj ett av alternativen."),
        (
            {"kind": "take_back"},
            "store",
            "Välj det egna förråd som hjälpmedlen återtas till.",
        ),
    ],
    ids=[
        "unknown",
        "not-digits",
        "empty",
        "last-month",
        "none-ticked",
        "kind",
        "store",
    ],
)
def test_bad_input_is_answered_next_to_the_field_with_the_input_kept(
    logged_in, person, rollator, cushion, fields, field, message
):
    fields = dict(fields)
    data = posted(fields.pop("ticked", [cushion]), **fields)

    response = logged_in.post(new_url(person.pk), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    typed = {key: value for key, value in data.items() if key != "holdings"}
    assert {key: form[key].value() for key in typed} == typed
    assert ticked(response) == set(data["holdings"])
    assert not Transfer.objects.exists()
    rollator.refresh_from_db()
    assert rollator.payer.betalarid == "21000"


def test_a_refusal_of_the_service_is_shown_next_to_its_field(
    logged_in, person, rollator, cushion, new_payer
):
    response = logged_in.post(
        new_url(person.pk),
        posted([cushion], payer="21000"),
    )

    assert response.context["form"].errors["payer"] == [
        f"Artikel {cushion.article.article_no} har redan betalare 21000."
    ]


def test_take_back_to_the_store_lists_the_aid_at_the_care_unit(
    logged_in, person, rollator, store
):
    response = logged_in.post(
        new_url(person.pk), posted([rollator], kind="take_back", store=store.pk)
    )

    assert response.status_code == 302
    page = logged_in.get(reverse("recipient_aids", args=[store.kundid]))
    assert rollator.article.article_no in page.text
    own = logged_in.get(reverse("recipient_aids", args=[person.pk]))
    assert rollator.article.article_no not in own.text


def test_hand_out_from_the_care_units_page(client, prescriber, store, person):
    held = HoldingFactory(person=None, care_unit=store, article=ArticleFactory())
    client.force_login(prescriber)

    response = client.post(
        new_url(store.kundid),
        posted([held], kind="hand_out", personnummer="19400101-2386"),
    )

    assert response.status_code == 302
    assert Holding.objects.get(person=person, returned_on=None).article == held.article


def test_an_unknown_personnummer_is_answered_next_to_it(client, prescriber, store):
    held = HoldingFactory(person=None, care_unit=store)
    client.force_login(prescriber)

    response = client.post(
        new_url(store.kundid),
        posted([held], kind="hand_out", personnummer="194001012394"),
    )

    assert response.context["form"].errors["personnummer"] == [
        "Personnumret finns inte i folkbokföringen (CFR)."
    ]


def test_another_customers_care_unit_and_bmb_are_not_found(
    client, logged_in, person, rollator, outsider, store, new_payer
):
    logged_in.post(new_url(person.pk), posted([rollator]))
    transfer = Transfer.objects.get()
    client.force_login(outsider)

    assert client.get(new_url(store.kundid)).status_code == 404
    assert client.get(reverse("transfer_detail", args=[transfer.pk])).status_code == 404
    assert client.get(reverse("transfer_pdf", args=[transfer.pk])).status_code == 404


def test_a_user_without_customers_is_sent_back(client, person, rollator):
    user = UserFactory()
    log_in_caring_for(client, user, person)

    response = client.get(new_url(person.pk))

    assert response["Location"] == reverse("recipient_aids", args=[person.pk])


def test_a_second_verkstall_of_the_same_form_shows_the_same_bmb(
    logged_in, person, rollator, new_payer
):
    data = posted([rollator])
    first = logged_in.post(new_url(person.pk), data)

    again = logged_in.post(new_url(person.pk), data)

    assert again["Location"] == first["Location"]
    assert Transfer.objects.count() == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_reads_as_much_for_5_aids_as_for_50(logged_in, person, customer):
    article = ArticleFactory()
    HoldingFactory.create_batch(5, person=person, article=article, customer=customer)
    five = _queries(logged_in, new_url(person.pk))
    HoldingFactory.create_batch(45, person=person, article=article, customer=customer)

    assert _queries(logged_in, new_url(person.pk)) == five


def test_the_form_reads_a_bounded_number_of_queries(
    logged_in, person, rollator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        logged_in.get(new_url(person.pk))


def test_the_receipt_access_is_logged_as_a_view(logged_in, person, rollator, new_payer):
    logged_in.post(new_url(person.pk), posted([rollator]))
    transfer = Transfer.objects.get()

    logged_in.get(reverse("transfer_detail", args=[transfer.pk]))

    assert (
        views_logged(person, AccessAction.CHANGE)
        .filter(object_id=str(transfer.pk))
        .exists()
    )
    assert views_logged(person).filter(object_id=str(transfer.pk)).count() == 1


def test_the_list_shows_the_bmbs_of_either_side(
    client, logged_in, person, rollator, new_payer, other_customer
):
    logged_in.post(new_url(person.pk), posted([rollator]))
    transfer = Transfer.objects.get()
    other_customer.default_payer = new_payer
    other_customer.save()
    theirs = UserFactory(customers=[other_customer])
    client.force_login(theirs)

    response = client.get(reverse("transfer_index"))

    assert list(response.context["found"]) == [transfer]
    assert transfer.number in response.text
    assert views_logged(person).filter(user=theirs).exists()
    assert client.get(reverse("transfer_detail", args=[transfer.pk])).status_code == 200


def test_the_lists_query_count_does_not_grow(
    logged_in, make_transfer, rollator, new_payer, django_assert_max_num_queries
):
    for index in range(12):
        make_transfer([rollator], payer="22000" if index % 2 == 0 else "21000")

    with django_assert_max_num_queries(10):
        response = logged_in.get(reverse("transfer_index"))

    assert len(response.context["found"]) == 12


def test_a_payer_typed_before_choosing_another_kind_is_no_error(
    logged_in, person, rollator, colleague
):
    response = logged_in.post(
        new_url(person.pk),
        posted([rollator], kind="prescriber", payer="12a", prescriber=colleague.pk),
    )

    assert response.status_code == 302
    rollator.refresh_from_db()
    assert (rollator.prescriber, rollator.payer.betalarid) == (colleague, "21000")

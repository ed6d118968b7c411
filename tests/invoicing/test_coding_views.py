"""Egna mallar för eFaktura: a payer's users list, create, change, move,
delete and preview its templates; nobody else reaches them."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from invoicing.choices import LineKind
from invoicing.models import CodingSegment, CodingTemplate, PayerCoding
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    IsoClassFactory,
    PayerFactory,
    UserFactory,
)


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun")


@pytest.fixture
def segments(payer):
    return [
        CodingSegment.objects.create(
            payer=payer, position=1, name="konto", length=4, required=True
        ),
        CodingSegment.objects.create(payer=payer, position=2, name="ansvar", length=6),
    ]


@pytest.fixture
def payer_user(payer):
    return UserFactory(payers=[payer])


@pytest.fixture
def payer_client(client, payer_user):
    client.force_login(payer_user)
    return client


@pytest.fixture
def rule(payer, segments):
    return CodingTemplate.objects.create(
        payer=payer,
        name="Hyra",
        position=1,
        line_kind=LineKind.RENT,
        values={str(segments[0].pk): "4010", str(segments[1].pk): "123"},
    )


def url(name, payer, *args):
    return reverse(f"invoicing:{name}", args=[payer.betalarid, *args])


def form_data(segments, **fields):
    konto, ansvar = segments
    return {
        "name": "Köp",
        "customer": "",
        "iso_prefix": "",
        "article_type": "",
        "line_kind": LineKind.PURCHASE,
        f"segment_{konto.pk}": "5010",
        f"segment_{ansvar.pk}": "",
        **fields,
    }


def test_dina_uppgifter_links_to_the_templates(payer_client):
    page = payer_client.get(reverse("my_details"))

    assert reverse("invoicing:coding_templates") in page.content.decode()


def test_the_list_shows_each_template_and_its_kodstrang(
    payer_client, payer, rule, segments, django_assert_max_num_queries
):
    CodingTemplate.objects.create(
        payer=payer, name="Kundmall", position=2, customer=CustomerFactory()
    )
    CodingTemplate.objects.create(
        payer=payer,
        name="Övrigt",
        is_default=True,
        values={str(segments[0].pk): "4000"},
    )

    with django_assert_max_num_queries(8):
        page = payer_client.get(reverse("invoicing:coding_templates"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "konto (4)" in text
    assert "<code>4010-123</code>" in text
    assert "<code>4000</code>" in text
    assert text.index(">Hyra<") < text.index(">Kundmall<") < text.index(">Övrigt<")


def test_without_a_format_the_user_is_told_to_ask(payer_client, payer):
    page = payer_client.get(url("coding_template_new", payer))

    assert "Kundtjänst har inte lagt in betalarens kodsträng" in page.content.decode()
    assert 'name="name"' not in page.content.decode()


def test_a_payer_user_creates_a_template(payer_client, payer, payer_user, segments):
    response = payer_client.post(url("coding_template_new", payer), form_data(segments))

    assert response.status_code == 302
    template = CodingTemplate.objects.get()
    assert (template.name, template.line_kind, template.position) == (
        "Köp",
        LineKind.PURCHASE,
        1,
    )
    assert template.values == {str(segments[0].pk): "5010"}
    event = CodingTemplate.pgh_event_model.objects.get(pgh_obj_id=template.pk)
    assert event.pgh_context.metadata["user"] == payer_user.pk
    # The same form sent twice makes one template.
    again = payer_client.post(url("coding_template_new", payer), form_data(segments))
    assert again.status_code == 302
    assert CodingTemplate.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"segment_konto": "40100"}, "segment_konto", "högst 4 tecken"),
        ({"segment_konto": "40A"}, "segment_konto", "bara innehålla siffror"),
        ({"segment_konto": ""}, "segment_konto", "Ange konto."),
        ({"segment_ansvar": "12-3"}, "segment_ansvar", "bara innehålla siffror"),
        ({"iso_prefix": "122"}, "iso_prefix", "Ange 2, 4 eller 6 siffror"),
        ({"line_kind": ""}, "customer", "Ange minst ett villkor"),
        ({"is_default": "on"}, "is_default", "En standardmall har inga villkor"),
        ({"name": "hyra"}, "name", "Det finns redan en mall med namnet Hyra."),
    ],
)
def test_errors_stand_by_their_field_and_input_is_kept(
    payer_client, payer, segments, rule, fields, field, error
):
    names = {f"segment_{s.name}": f"segment_{s.pk}" for s in segments}
    posted = form_data(segments, **{names.get(k, k): v for k, v in fields.items()})

    page = payer_client.post(url("coding_template_new", payer), posted)

    assert page.status_code == 200
    form = page.context["form"]
    assert any(error in message for message in form.errors[names.get(field, field)])
    assert f'value="{posted["name"]}"' in page.content.decode()
    assert CodingTemplate.objects.count() == 1


def test_a_second_default_is_refused(payer_client, payer, segments):
    CodingTemplate.objects.create(payer=payer, name="Övrigt", is_default=True)

    page = payer_client.post(
        url("coding_template_new", payer),
        form_data(segments, name="Allt", line_kind="", is_default="on"),
    )

    assert "Betalaren har redan en standardmall, Övrigt." in " ".join(
        page.context["form"].errors["is_default"]
    )


def test_a_template_is_changed_with_its_values_shown(
    payer_client, payer, segments, rule
):
    edit = url("coding_template_edit", payer, rule.pk)

    page = payer_client.get(edit)
    assert 'value="4010"' in page.content.decode()

    response = payer_client.post(
        edit,
        form_data(
            segments,
            name="Hyra",
            line_kind=LineKind.RENT,
            iso_prefix="1222",
            **{f"segment_{segments[0].pk}": "4011"},
        ),
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.iso_prefix, rule.values) == ("1222", {str(segments[0].pk): "4011"})


def test_templates_move_up_and_down_once_per_click(payer_client, payer, rule):
    second = CodingTemplate.objects.create(
        payer=payer, name="Köp", position=2, line_kind=LineKind.PURCHASE
    )
    move = url("coding_template_move", payer, second.pk)

    payer_client.post(move, {"direction": "up", "position": 2})
    payer_client.post(move, {"direction": "up", "position": 2})

    assert list(CodingTemplate.objects.values_list("name", flat=True)) == [
        "Köp",
        "Hyra",
    ]


def test_a_template_is_deleted_after_asking(payer_client, payer, rule):
    delete = url("coding_template_delete", payer, rule.pk)

    assert "Ta bort mallen Hyra?" in payer_client.get(delete).content.decode()
    payer_client.post(delete)
    again = payer_client.post(delete, follow=True)

    assert not CodingTemplate.objects.exists()
    assert "Mallen var redan borttagen." in again.content.decode()


@pytest.fixture
def other_payer_client(client, db):
    client.force_login(UserFactory(payers=[PayerFactory()]))
    return client


@pytest.fixture
def prescriber_client(client, prescriber):
    client.force_login(prescriber)
    return client


@pytest.mark.parametrize("persona", ["other_payer_client", "prescriber_client"])
def test_nobody_else_reaches_the_payers_templates(request, persona, payer, rule):
    client = request.getfixturevalue(persona)
    pages = [
        ("get", url("coding_template_new", payer)),
        ("get", url("coding_template_edit", payer, rule.pk)),
        ("post", url("coding_template_edit", payer, rule.pk)),
        ("get", url("coding_template_delete", payer, rule.pk)),
        ("post", url("coding_template_delete", payer, rule.pk)),
        ("post", url("coding_template_move", payer, rule.pk)),
        ("get", url("coding_preview", payer)),
    ]

    for method, address in pages:
        assert getattr(client, method)(address).status_code == 404, address
    listed = client.get(reverse("invoicing:coding_templates")).content.decode()
    assert "Umeå kommun" not in listed
    assert CodingTemplate.objects.get() == rule


def test_a_template_of_another_payer_is_not_found_through_mine(
    payer_client, payer, segments
):
    foreign = CodingTemplate.objects.create(
        payer=PayerFactory(), name="Deras", position=1, line_kind=LineKind.RENT
    )

    assert (
        payer_client.get(url("coding_template_edit", payer, foreign.pk)).status_code
        == 404
    )
    payer_client.post(url("coding_template_delete", payer, foreign.pk))
    assert CodingTemplate.objects.filter(pk=foreign.pk).exists()


@pytest.fixture
def november(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    )


def test_the_preview_codes_this_months_lines_and_logs_the_patients(
    november,
    payer_client,
    payer,
    payer_user,
    segments,
    rule,
    django_assert_max_num_queries,
):
    customer = CustomerFactory(default_payer=payer)
    wheelchair = ArticleFactory(
        name="Rullstol", iso_class=IsoClassFactory(code="122203")
    )
    ArticlePriceFactory(article=wheelchair, monthly_rent=Decimal("3000.00"))
    sold = ArticleFactory(name="Dyna")
    ArticlePriceFactory(article=sold, monthly_rent=None, price=Decimal("80.00"))
    holdings = [
        HoldingFactory(
            article=wheelchair,
            payer=payer,
            customer=customer,
            delivered_on=date(2026, 10, 1),
        )
        for _ in range(3)
    ]
    # A care unit's aid: a line without a patient.
    HoldingFactory(
        article=sold,
        payer=payer,
        customer=customer,
        person=None,
        care_unit=customer,
        delivered_on=date(2026, 11, 2),
    )
    HoldingFactory(
        article=wheelchair, payer=PayerFactory(), delivered_on=date(2026, 10, 1)
    )

    with django_assert_max_num_queries(16):
        page = payer_client.get(url("coding_preview", payer))

    text = page.content.decode()
    assert page.status_code == 200
    assert page.context["line_count"] == 4
    assert page.context["totals"] == [
        ("4010-123", 3, Decimal("9000.00")),
        ("", 1, Decimal("80.00")),
    ]
    assert page.context["uncoded"] == 1
    # Amounts as on the invoice page: öre, thousands grouped.
    assert re.search(r"<td[^>]*>9\s000,00</td>", text)
    assert holdings[0].person.last_name in text
    logged = AccessLog.objects.filter(user=payer_user)
    assert logged.count() == 3
    assert {row.customer_id for row in logged} == {customer.pk}
    assert "no-store" in page["Cache-Control"]


def test_staff_set_a_payers_segments_in_the_admin(staff_client, payer):
    change = reverse("admin:invoicing_payercoding_change", args=[payer.pk])
    prefix = "coding_segments"
    posted = {
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-position": "1",
        f"{prefix}-0-name": "konto",
        f"{prefix}-0-length": "4",
        f"{prefix}-0-digits_only": "on",
        f"{prefix}-1-position": "2",
        f"{prefix}-1-name": "ansvar",
        f"{prefix}-1-length": "6",
        "coding_templates-TOTAL_FORMS": "0",
        "coding_templates-INITIAL_FORMS": "0",
    }

    assert staff_client.get(change).status_code == 200
    response = staff_client.post(change, posted)

    assert response.status_code == 302
    assert list(CodingSegment.objects.values_list("name", "length", "digits_only")) == [
        ("konto", 4, True),
        ("ansvar", 6, False),
    ]
    too_long = {**posted, f"{prefix}-1-length": "30", f"{prefix}-0-length": "30"}
    too_long.update({f"{prefix}-TOTAL_FORMS": "5"})
    for index in range(2, 5):
        too_long.update(
            {
                f"{prefix}-{index}-position": str(index + 1),
                f"{prefix}-{index}-name": f"del{index}",
                f"{prefix}-{index}-length": "30",
            }
        )
    CodingSegment.objects.all().delete()
    page = staff_client.post(change, too_long)
    assert page.status_code == 200
    assert "Kodsträngen blir 154 tecken" in page.content.decode()
    assert PayerCoding.objects.get() == payer


def test_a_segment_is_not_made_shorter_than_a_templates_value(
    staff_client, payer, segments, rule
):
    change = reverse("admin:invoicing_payercoding_change", args=[payer.pk])
    konto, ansvar = segments
    prefix = "coding_segments"
    posted = {
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "2",
        "coding_templates-TOTAL_FORMS": "1",
        "coding_templates-INITIAL_FORMS": "1",
        "coding_templates-0-id": str(rule.pk),
        "coding_templates-0-payer": str(payer.pk),
    }
    for index, segment in enumerate(segments):
        posted.update(
            {
                f"{prefix}-{index}-id": str(segment.pk),
                f"{prefix}-{index}-payer": str(payer.pk),
                f"{prefix}-{index}-position": str(segment.position),
                f"{prefix}-{index}-name": segment.name,
                f"{prefix}-{index}-length": str(segment.length),
                f"{prefix}-{index}-digits_only": "on",
            }
        )
    posted[f"{prefix}-1-length"] = "2"

    page = staff_client.post(change, posted)

    assert page.status_code == 200
    assert (
        "Mallen Hyra har värdet 123: Ansvar får vara högst 2 tecken."
        in page.content.decode()
    )
    ansvar.refresh_from_db()
    assert ansvar.length == 6
    shown = staff_client.get(change).content.decode()
    assert "4010-123" in shown

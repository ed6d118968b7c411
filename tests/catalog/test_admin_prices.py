"""The article's prices in the admin: the history read only, and a new price
change from a date ("Ny prisändring")."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import ArticlePrice
from tests.factories import ArticleFactory, ArticlePriceFactory, IsoClassFactory

from .test_admin import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 3, 20))


@pytest.fixture
def priced(rollator):
    """100 kr a month from 1 January, 120 kr from 1 March 2026."""
    ArticlePriceFactory(article=rollator, valid_from=date(2026, 1, 1))
    ArticlePriceFactory(
        article=rollator, valid_from=date(2026, 3, 1), monthly_rent=Decimal("120")
    )
    return rollator


def change_url(article):
    return reverse("admin:catalog_article_change", args=[article.pk])


def price_change(article, valid_from, monthly_rent="", price="", vat_rate="25.00"):
    return article_form(
        article,
        **{
            "prices-2-TOTAL_FORMS": 1,
            "prices-2-0-valid_from": valid_from,
            "prices-2-0-monthly_rent": monthly_rent,
            "prices-2-0-price": price,
            "prices-2-0-vat_rate": vat_rate,
        },
    )


def history(article):
    return list(
        article.prices.order_by("valid_from").values_list(
            "valid_from", "monthly_rent", "price", "vat_rate"
        )
    )


def test_the_article_page_shows_the_history_read_only(
    staff_client, priced, django_assert_max_num_queries
):
    for month in range(4, 13):
        ArticlePriceFactory(article=priced, valid_from=date(2026, month, 1))

    # As many as for one row: the user who entered each is joined.
    with django_assert_max_num_queries(10):
        response = staff_client.get(change_url(priced))

    assert response.status_code == 200
    text = response.text
    assert "Prishistorik" in text
    assert "Ny prisändring" in text
    history_set = response.context["inline_admin_formsets"][3]
    assert [form.original.valid_from for form in history_set] == [
        date(2026, month, 1) for month in range(12, 0, -1) if month != 2
    ]
    # The rows are shown, not offered for editing or deleting.
    assert 'name="prices-0-monthly_rent"' not in text
    assert 'name="prices-0-DELETE"' not in text
    assert 'name="prices-2-0-valid_from"' in text
    # Every input of the new change names what it asks for; none points at
    # help text a tabular inline does not print.
    assert 'aria-describedby="id_prices-2' not in text


def test_staff_write_amounts_with_a_decimal_comma(staff_client, priced):
    response = staff_client.post(
        change_url(priced), price_change(priced, "2026-04-01", monthly_rent="130,5")
    )

    assert response.status_code == 302, response.context["errors"]
    assert history(priced)[-1] == (
        date(2026, 4, 1),
        Decimal("130.50"),
        None,
        Decimal(25),
    )


def test_staff_add_a_price_change_from_a_date(staff_client, staff, priced):
    response = staff_client.post(
        change_url(priced), price_change(priced, "2026-04-01", price="2500.50")
    )

    assert response.status_code == 302, response.context["errors"]
    assert history(priced) == [
        (date(2026, 1, 1), Decimal("100.00"), None, Decimal(25)),
        (date(2026, 3, 1), Decimal("120.00"), None, Decimal(25)),
        (date(2026, 4, 1), None, Decimal("2500.50"), Decimal(25)),
    ]
    row = priced.prices.get(valid_from=date(2026, 4, 1))
    assert row.created_by == staff
    event = ArticlePrice.pgh_event_model.objects.get(pgh_obj_id=row.pk)
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["user"] == staff.pk


@pytest.mark.parametrize(
    ("valid_from", "earliest"),
    [
        # The latest change's day and before it are history.
        ("2026-03-01", "2026-03-02"),
        # An earlier month may be invoiced already.
        ("2026-02-28", "2026-03-02"),
    ],
)
def test_a_price_change_cannot_rewrite_history(
    staff_client, priced, valid_from, earliest
):
    response = staff_client.post(
        change_url(priced), price_change(priced, valid_from, monthly_rent="99")
    )

    assert response.status_code == 200
    assert f"Ett nytt pris kan gälla tidigast från {earliest}." in response.text
    # The typed input is kept.
    assert 'value="99"' in response.text
    assert len(history(priced)) == 2


def test_a_first_price_may_start_this_month(staff_client, rollator):
    response = staff_client.post(
        change_url(rollator), price_change(rollator, "2026-02-28", monthly_rent="99")
    )
    assert "tidigast från 2026-03-01" in response.text

    response = staff_client.post(
        change_url(rollator), price_change(rollator, "2026-03-01", monthly_rent="99")
    )

    assert response.status_code == 302
    assert history(rollator) == [
        (date(2026, 3, 1), Decimal("99.00"), None, Decimal(25))
    ]


def test_the_vat_rate_is_one_of_the_swedish_rates(staff_client, priced):
    text = staff_client.get(change_url(priced)).text
    assert '<option value="25.00" selected>25 %</option>' in text
    assert '<option value="0.00">0 % (momsfri)</option>' in text

    response = staff_client.post(
        change_url(priced),
        price_change(priced, "2026-04-01", monthly_rent="99", vat_rate="26"),
    )

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert len(history(priced)) == 2


def test_a_second_submit_of_the_change_adds_nothing(staff_client, priced):
    data = price_change(priced, "2026-04-01", monthly_rent="130")
    assert staff_client.post(change_url(priced), data).status_code == 302

    response = staff_client.post(change_url(priced), data)

    assert response.status_code == 200
    assert "tidigast från 2026-04-02" in response.text
    assert len(history(priced)) == 3


def test_saving_the_article_without_a_price_change_adds_none(staff_client, priced):
    response = staff_client.post(
        change_url(priced), article_form(priced, name="Rollator Cross 6")
    )

    assert response.status_code == 302
    assert len(history(priced)) == 2


def test_staff_add_an_article_with_its_first_price(staff_client, supplier):
    iso_class = IsoClassFactory()
    data = price_change(
        ArticleFactory.build(
            article_no="20001", supplier=supplier, iso_class=iso_class
        ),
        "2026-03-20",
        price="49,90",
        vat_rate="12.00",
    ) | {"supplier": supplier.pk, "iso_class": iso_class.pk}

    response = staff_client.post(reverse("admin:catalog_article_add"), data)

    assert response.status_code == 302
    article = supplier.articles.get()
    assert history(article) == [
        (date(2026, 3, 20), None, Decimal("49.90"), Decimal(12))
    ]

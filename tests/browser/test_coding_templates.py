"""Egna mallar för eFaktura in a real browser: a payer's user goes from Dina
uppgifter to the templates, creates one (a bad value answered and kept),
and previews how the month's lines are coded. axe-clean on every page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from invoicing.models import CodingSegment
from tests.browser.helpers import heading, log_in
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    IsoClassFactory,
    PayerFactory,
)


@pytest.fixture
def payer(transactional_db):
    payer = PayerFactory(name="Umeå kommun")
    CodingSegment.objects.create(
        payer=payer, position=1, name="konto", length=4, required=True
    )
    CodingSegment.objects.create(payer=payer, position=2, name="ansvar", length=6)
    article = ArticleFactory(name="Rullstol", iso_class=IsoClassFactory(code="122203"))
    ArticlePriceFactory(
        article=article,
        valid_from=timezone.localdate().replace(day=1) - timedelta(days=40),
        monthly_rent=Decimal("300.00"),
    )
    HoldingFactory(
        article=article,
        payer=payer,
        customer=CustomerFactory(default_payer=payer),
        delivered_on=timezone.localdate().replace(day=1),
    )
    return payer


def test_a_payer_user_creates_a_template_and_previews_the_coding(
    page, payer, assert_accessible
):
    log_in(page, payers=[payer])
    page.goto("/konto/dina-uppgifter/")
    page.get_by_role("link", name="Egna mallar för eFaktura").click()
    expect(heading(page, "Egna mallar för eFaktura")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny mall").click()
    expect(heading(page, "Ny mall för eFaktura")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Namn på mallen")).fill("Rullstolar")
    page.get_by_label("ISO-klass").fill("1222")
    page.get_by_label(re.compile(r"^\s*Konto")).fill("40A")
    page.get_by_label("Ansvar").fill("123")
    page.get_by_role("button", name="Spara mallen").click()
    expect(page.get_by_text("Konto får bara innehålla siffror.")).to_be_visible()
    expect(page.get_by_label("Ansvar")).to_have_value("123")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Konto")).fill("4010")
    page.get_by_role("button", name="Spara mallen").click()
    expect(page.get_by_text("Mallen Rullstolar är sparad.")).to_be_visible()
    expect(page.get_by_role("cell", name="4010-123")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Förhandsgranska månadens rader").click()
    expect(page.get_by_role("rowheader", name="4010-123")).to_be_visible()
    assert_accessible(page)

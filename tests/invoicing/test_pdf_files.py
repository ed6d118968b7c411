"""Each issued invoice's PDF is made once and kept (render_invoice_pdfs,
or the download view for a small invoice); the download serves the kept
file, and a large invoice without one tells the user when it comes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

from accounts.choices import AccessAction
from accounts.models import AccessLog
from invoicing.pdf_files import LOCK_KEY
from tests.factories import CustomerFactory, PayerFactory, PersonFactory, UserFactory
from tests.pdf import pdf_text, served

from .helpers import RUN_DAY, hold, invoice_of, rented_article


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def payer(db):
    return PayerFactory(name="Umeå kommun")


@pytest.fixture
def karin(db):
    return PersonFactory(first_name="Karin", last_name="Lund")


@pytest.fixture
def invoice(payer, karin):
    customer = CustomerFactory(default_payer=payer)
    wheelchair = rented_article(name="Rullstol", article_no="100001")
    hold(wheelchair, payer, customer, person=karin)
    hold(wheelchair, payer, customer)
    return invoice_of(payer)


@pytest.fixture
def client_of_payer(client, payer):
    client.force_login(UserFactory(payers=[payer]))
    return client


def render(*args):
    out = StringIO()
    call_command("render_invoice_pdfs", *args, stdout=out)
    return out.getvalue()


def stored(invoice):
    invoice.refresh_from_db()
    with invoice.pdf.open("rb") as file:
        return file.read()


def words(pdf):
    return " ".join(pdf_text(pdf).split())


def pdf_url(invoice):
    return reverse("invoicing:invoice_pdf", args=[invoice.number])


def assert_logged(invoice, karin):
    """As the view always logged the PDF: each patient on it, exported."""
    logged = AccessLog.objects.all()
    assert karin in {entry.person for entry in logged}
    assert {(entry.action, entry.object_repr) for entry in logged} == {
        (AccessAction.EXPORT, f"Faktura {invoice.number}, 2 rader (pdf)")
    }


def test_the_command_keeps_each_invoices_pdf(invoice, media):
    out = render()

    assert out.startswith("1 PDF:er sparade (2 rader)")
    invoice.refresh_from_db()
    assert invoice.pdf.name == f"fakturor/{RUN_DAY:%Y}/{invoice.number}.pdf"
    assert (media / invoice.pdf.name).is_file()
    text = words(stored(invoice))
    assert f"Faktura {invoice.number}" in text
    assert "750,00 kr" in text
    assert "Lund, Karin" in text


def test_a_second_run_makes_nothing(invoice):
    render()
    first = stored(invoice)

    out = render()

    assert out.startswith("0 PDF:er sparade")
    assert stored(invoice) == first


def test_the_limit_takes_the_oldest_first(invoice, karin):
    other = PayerFactory()
    hold(rented_article(), other, CustomerFactory(default_payer=other), person=karin)
    later = invoice_of(other)

    render("--limit", "1")

    invoice.refresh_from_db()
    later.refresh_from_db()
    assert invoice.pdf
    assert not later.pdf


def test_an_invoice_another_run_is_making_is_left_to_it(invoice):
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_KEY, invoice.pk])
        out = render()
    finally:
        other.close()

    assert out.startswith("0 PDF:er sparade")
    assert "1 togs fram av en annan körning" in out
    invoice.refresh_from_db()
    assert not invoice.pdf


def test_a_failure_exits_non_zero_and_keeps_nothing(invoice, settings, media):
    # A file where the folder should be: the PDF cannot be written.
    (media / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = media / "not-a-folder"

    with pytest.raises(CommandError, match=invoice.number):
        render()

    invoice.refresh_from_db()
    assert not invoice.pdf


def test_the_download_serves_the_kept_file(client_of_payer, invoice, karin):
    render()

    response = client_of_payer.get(pdf_url(invoice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="faktura-{invoice.number}.pdf"'
    )
    assert served(response) == stored(invoice)
    assert_logged(invoice, karin)


def test_a_kept_file_gone_from_the_storage_is_not_found_nor_logged(
    client_of_payer, invoice, media
):
    render()
    invoice.refresh_from_db()
    (media / invoice.pdf.name).unlink()

    response = client_of_payer.get(pdf_url(invoice))

    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_small_invoice_without_a_pdf_gets_it_made_and_kept(
    client_of_payer, invoice, karin
):
    response = client_of_payer.get(pdf_url(invoice))

    assert response.status_code == 200
    pdf = served(response)
    assert pdf == stored(invoice)
    assert f"Faktura {invoice.number}" in words(pdf)
    assert render().startswith("0 PDF:er sparade")
    assert_logged(invoice, karin)


def test_a_large_invoice_without_a_pdf_says_when_it_comes(
    client_of_payer, invoice, settings
):
    settings.INVOICE_PDF_INLINE_MAX_LINES = 1

    response = client_of_payer.get(pdf_url(invoice), follow=True)

    detail = reverse("invoicing:invoice_detail", args=[invoice.number])
    assert response.redirect_chain == [(detail, 302)]
    assert (
        f"PDF:en för faktura {invoice.number} tas fram i natt och kan hämtas "
        "i morgon. Excel- och XML-filerna kan hämtas nu."
    ) in response.text
    invoice.refresh_from_db()
    assert not invoice.pdf
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()

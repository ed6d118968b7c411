"""Files in object storage (issue 17): with S3_BUCKET set, attachments,
article documents and the invoices' PDFs live in a private S3 bucket and
reach the user only through the app's permission-checked views, which
stream them; a removed draft's files leave the bucket. Against moto's S3
server (tests/s3.py), through the real views."""

import os
import runpy
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from storages.backends.s3 import S3Storage

import websesam.settings
from catalog.choices import DocumentKind
from catalog.models import ArticleDocument
from orders.models import OrderAttachment
from orders.services import delete_draft
from tests.factories import CustomerFactory, PayerFactory, PersonFactory, UserFactory
from tests.invoicing.helpers import hold, invoice_of, rented_article
from tests.orders.delivery_helpers import delivery_url, draft_with_lines, form_data
from tests.orders.placed_helpers import placed_order
from tests.orders.upload_files import PDF, attach, content, upload
from tests.pdf import served


def settings_with(monkeypatch, **variables):
    """websesam/settings.py run again with these environment variables,
    and no other S3_ ones."""
    for name in list(os.environ):
        if name.startswith("S3_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DEBUG", "1")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(websesam.settings.__file__)


def test_a_bucket_makes_the_default_storage_s3_and_private(monkeypatch):
    settings = settings_with(
        monkeypatch,
        S3_BUCKET="region-websesam",
        S3_ENDPOINT_URL="https://s3.region.example",
        S3_REGION="eu-north-1",
        S3_PREFIX="/websesam/",
    )

    default = settings["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "region-websesam"
    assert options["endpoint_url"] == "https://s3.region.example"
    assert options["region_name"] == "eu-north-1"
    assert options["location"] == "websesam"
    # No keys: boto3's own chain (AWS_* variables, instance role).
    assert "access_key" not in options
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 60
    assert options["file_overwrite"] is False


def test_without_a_bucket_files_stay_under_media_root(monkeypatch):
    settings = settings_with(monkeypatch)

    assert settings["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_half_a_key_pair_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="S3_SECRET_ACCESS_KEY"):
        settings_with(monkeypatch, S3_BUCKET="b", S3_ACCESS_KEY_ID="id")


def attachment_url(attached):
    return reverse("order_attachment", args=[attached.pk])


def test_a_drafts_file_is_uploaded_served_to_its_prescriber_and_removed_with_it(
    client,
    prescriber,
    outsider,
    s3,
    django_capture_on_commit_callbacks,
):
    draft = draft_with_lines(prescriber)
    client.force_login(prescriber)

    client.post(
        delivery_url(draft), {**form_data(), "files": [upload("Remiss åäö.pdf")]}
    )

    attached = OrderAttachment.objects.get(order=draft)
    assert s3.keys() == [s3.key(attached.file.name)]
    assert s3.read(attached.file.name) == PDF
    # Private: only the bucket's owner is granted anything.
    assert [grant["Permission"] for grant in s3.acl_grants(attached.file.name)] == [
        "FULL_CONTROL"
    ]

    response = client.get(attachment_url(attached))
    assert response.status_code == 200
    assert served(response) == PDF
    assert "no-store" in response["Cache-Control"]

    client.force_login(outsider)
    assert client.get(attachment_url(attached)).status_code == 404

    client.force_login(prescriber)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("order_cancel_draft", args=[draft.pk]))
    assert response.status_code == 302
    assert not OrderAttachment.objects.exists()
    assert s3.keys() == []


def test_an_orders_file_is_served_to_the_customers_prescribers_only(
    client, prescriber, colleague, outsider, s3
):
    order = placed_order(prescriber)
    client.force_login(colleague)

    client.post(
        reverse("order_add_attachment", args=[order.pk]),
        {"files": [upload("ritning.png")]},
    )

    attached = OrderAttachment.objects.get(order=order)
    assert s3.read(attached.file.name) == content("png")
    client.force_login(prescriber)
    response = client.get(attachment_url(attached))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert served(response) == content("png")

    client.force_login(outsider)
    assert client.get(attachment_url(attached)).status_code == 404


def test_a_work_orders_file_is_uploaded_and_served_within_the_customer(
    client, prescriber, colleague, outsider, work_order, s3
):
    client.force_login(prescriber)

    client.post(
        reverse("workorder_add_attachment", args=[work_order.pk]),
        {"files": [upload("foto.jpg")]},
    )

    attached = work_order.attachments.get()
    assert s3.read(attached.file.name) == content("jpg")
    url = reverse("workorder_attachment", args=[attached.pk])
    client.force_login(colleague)
    response = client.get(url)
    assert response.status_code == 200
    assert served(response) == content("jpg")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_object_missing_from_the_bucket_is_not_found(client, prescriber, s3):
    draft = draft_with_lines(prescriber)
    client.force_login(prescriber)
    client.post(delivery_url(draft), {**form_data(), "files": [upload("a.pdf")]})
    attached = OrderAttachment.objects.get(order=draft)
    s3.remove(attached.file.name)

    assert client.get(attachment_url(attached)).status_code == 404


def test_purge_drafts_removes_the_files_from_the_bucket(
    prescriber, s3, settings, time_machine, django_capture_on_commit_callbacks
):
    draft = draft_with_lines(prescriber)
    attach(draft, "intyg.pdf")
    assert len(s3.keys()) == 1
    time_machine.move_to(
        draft.updated_at + timedelta(days=settings.DRAFT_RETENTION_DAYS, minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_drafts", stdout=StringIO())

    assert not OrderAttachment.objects.exists()
    assert s3.keys() == []


def test_a_file_the_bucket_refuses_to_delete_is_logged_and_the_others_go(
    prescriber, s3, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    draft = draft_with_lines(prescriber)
    kept, removed = attach(draft, "a.pdf"), attach(draft, "b.pdf")
    delete = S3Storage.delete

    def refuse_one(storage, name):
        if name == kept.file.name:
            raise OSError("unreachable")
        delete(storage, name)

    monkeypatch.setattr(S3Storage, "delete", refuse_one)

    with django_capture_on_commit_callbacks(execute=True):
        delete_draft(draft)

    assert s3.keys() == [s3.key(kept.file.name)]
    assert [
        record.getMessage()
        for record in caplog.records
        if record.name == "core.attachments"
    ] == [f"Could not delete the stored file {kept.file.name}"]
    assert removed.file.name not in caplog.text


def test_an_article_document_is_kept_in_the_bucket_and_served(
    client, prescriber, rollator, s3
):
    document = ArticleDocument(
        article=rollator, title="Bruksanvisning", kind=DocumentKind.MANUAL
    )
    document.file.save("cross6.pdf", ContentFile(PDF))
    assert s3.read(document.file.name) == PDF
    client.force_login(prescriber)

    response = client.get(reverse("article_document", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cross6.pdf"'
    assert served(response) == PDF


def test_the_admin_links_a_document_to_the_app_and_not_to_the_bucket(
    staff_client, rollator, s3
):
    document = ArticleDocument(
        article=rollator, title="Bruksanvisning", kind=DocumentKind.MANUAL
    )
    document.file.save("cross6.pdf", ContentFile(PDF))

    page = staff_client.get(
        reverse("admin:catalog_article_change", args=[rollator.pk])
    ).text

    served_at = reverse("article_document", args=[document.pk])
    assert f'<a href="{served_at}">{document.file.name}</a>' in page
    assert s3.prefix not in page


def test_an_invoices_pdf_is_kept_in_the_bucket_and_served_to_the_payer_only(
    client, db, s3
):
    payer = PayerFactory()
    customer = CustomerFactory(default_payer=payer)
    hold(rented_article(), payer, customer, person=PersonFactory())
    invoice = invoice_of(payer)

    call_command("render_invoice_pdfs", stdout=StringIO())

    invoice.refresh_from_db()
    kept = s3.read(invoice.pdf.name)
    assert kept.startswith(b"%PDF")
    url = reverse("invoicing:invoice_pdf", args=[invoice.number])
    client.force_login(UserFactory(payers=[payer]))
    response = client.get(url)
    assert response.status_code == 200
    assert served(response) == kept

    client.force_login(UserFactory(payers=[PayerFactory()]))
    assert client.get(url).status_code == 404

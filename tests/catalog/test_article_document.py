import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.choices import DocumentKind
from catalog.models import ArticleDocument

PDF = b"%PDF-1.4\n% bruksanvisning\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def document(article, name, content, kind):
    doc = ArticleDocument(article=article, title=name, kind=kind)
    doc.file.save(name, ContentFile(content))
    return doc


def fetch(client, doc):
    return client.get(reverse("article_document", args=[doc.pk]))


def body(response):
    return b"".join(response.streaming_content)


def test_the_file_is_stored_under_media_root(rollator, media_root):
    doc = document(rollator, "bruksanvisning.pdf", PDF, DocumentKind.MANUAL)

    assert (media_root / doc.file.name).read_bytes() == PDF


def test_it_requires_login(client, rollator):
    doc = document(rollator, "bruksanvisning.pdf", PDF, DocumentKind.MANUAL)

    response = fetch(client, doc)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_document_is_downloaded(logged_in, rollator):
    doc = document(rollator, "bruksanvisning.pdf", PDF, DocumentKind.MANUAL)

    response = fetch(logged_in, doc)

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="bruksanvisning.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert body(response) == PDF


def test_an_image_is_shown_inline(logged_in, rollator):
    doc = document(rollator, "sidan.png", PNG, DocumentKind.IMAGE)

    response = fetch(logged_in, doc)

    assert response["Content-Disposition"] == 'inline; filename="sidan.png"'
    assert response["Content-Type"] == "image/png"
    assert body(response) == PNG


def test_an_svg_image_is_downloaded_not_shown(logged_in, rollator):
    doc = document(rollator, "ritning.svg", SVG, DocumentKind.IMAGE)

    response = fetch(logged_in, doc)

    assert response["Content-Disposition"] == 'attachment; filename="ritning.svg"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_picture_filed_as_a_manual_is_downloaded(logged_in, rollator):
    doc = document(rollator, "sidan.png", PNG, DocumentKind.MANUAL)

    assert fetch(logged_in, doc)["Content-Disposition"].startswith("attachment;")


def test_a_svg_image_is_listed_as_a_document_not_shown(logged_in, rollator):
    doc = document(rollator, "ritning.svg", SVG, DocumentKind.IMAGE)

    text = logged_in.get(reverse("article_detail", args=["17940"])).text

    assert (
        f'<a href="{reverse("article_document", args=[doc.pk])}">ritning.svg</a>'
        in text
    )
    assert "<img" not in text


def test_a_missing_file_is_404(logged_in, rollator, media_root):
    doc = document(rollator, "bruksanvisning.pdf", PDF, DocumentKind.MANUAL)
    (media_root / doc.file.name).unlink()

    assert fetch(logged_in, doc).status_code == 404


def test_a_link_has_no_file_to_serve(logged_in, rollator):
    link = ArticleDocument.objects.create(
        article=rollator,
        title="Leverantörens sida",
        kind=DocumentKind.LINK,
        url="https://leverantor.example/",
    )

    assert fetch(logged_in, link).status_code == 404

"""websesam/uploads.py: the allowed types with real content, the size limit,
and a file whose content does not match its extension."""

import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.uploads import check_attachment, content_disposition_type

from .upload_files import PDF, content, upload


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("remiss.pdf", "application/pdf"),
        ("foto.jpg", "image/jpeg"),
        ("foto.JPEG", "image/jpeg"),
        ("skiss.png", "image/png"),
        ("intyg.doc", "application/msword"),
        (
            "intyg.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_each_allowed_type_with_real_content_is_accepted(name, content_type):
    file = upload(name, content(name.rsplit(".", 1)[-1].lower()))

    assert check_attachment(file).content_type == content_type
    assert file.tell() == 0


@pytest.mark.parametrize(
    "name", ["program.exe", "bild.gif", "ingen_andelse", "a.pdf.js"]
)
def test_other_types_are_refused_with_the_allowed_ones_named(name):
    with pytest.raises(ValidationError) as error:
        check_attachment(upload(name, PDF))

    assert error.value.code == "file_type"
    assert "PDF, JPEG, PNG och Word" in error.value.messages[0]
    assert name in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("faktura.pdf", b"<html>inte en pdf</html>"),
        ("foto.jpg", content("png")),
        ("skiss.png", content("jpg")),
        ("intyg.doc", content("docx")),
        ("intyg.docx", content("doc")),
        ("remiss.pdf", b""),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, data):
    with pytest.raises(ValidationError) as error:
        check_attachment(upload(name, data))

    assert error.value.code == "file_content"
    assert "inte vad filändelsen säger" in error.value.messages[0]


def test_a_zip_without_a_word_document_is_not_a_docx(tmp_path):
    archive_path = tmp_path / "x.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("content.xml", "<x/>")

    with pytest.raises(ValidationError) as error:
        check_attachment(upload("kalkyl.docx", archive_path.read_bytes()))

    assert error.value.code == "file_content"


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_accepted(settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF)

    assert check_attachment(upload("remiss.pdf", PDF))
    with pytest.raises(ValidationError) as error:
        check_attachment(upload("stor.pdf", PDF + b" "))

    assert error.value.code == "file_size"
    assert "för stor" in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("a.pdf", "inline"),
        ("a.PNG", "inline"),
        ("a.jpg", "inline"),
        ("a.doc", "attachment"),
        ("a.docx", "attachment"),
        ("a.exe", "attachment"),
    ],
)
def test_only_pdf_and_images_are_shown_inline(name, disposition):
    assert content_disposition_type(name) == disposition

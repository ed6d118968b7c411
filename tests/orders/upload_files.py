"""Real minimal files of each allowed type, for the attachment tests."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import check_attachment
from orders.services import attach_file

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The compound-file (OLE) header that starts every .doc.
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def image(format_name):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format=format_name)
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: by name, writestr stamps the current time, and two
        # builds a second apart would differ.
        for name, text in [
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ]:
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text
            )
    return buffer.getvalue()


def content(extension):
    return {
        "pdf": lambda: PDF,
        "png": lambda: image("PNG"),
        "jpg": lambda: image("JPEG"),
        "jpeg": lambda: image("JPEG"),
        "doc": lambda: DOC,
        "docx": docx,
    }[extension]()


def upload(name, data=None):
    return SimpleUploadedFile(
        name, content(name.rsplit(".", 1)[-1]) if data is None else data
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(order, name, user=None):
    """An attachment stored the way the pages store one."""
    file = upload(name)
    return attach_file(order, file, user or order.prescriber, check_attachment(file))

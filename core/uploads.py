"""Attached files (F-10), for customer and work orders: a size limit, a list
of allowed types, and the content checked against the extension, so a file
named .pdf is a PDF."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def _is_docx(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def _starts_with(*signatures):
    def check(upload):
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        return any(head.startswith(signature) for signature in signatures)

    return check


@dataclass(frozen=True)
class FileType:
    content_type: str
    matches: object
    # Shown in the browser (PDF, images); Word files are always downloaded.
    inline: bool


FILE_TYPES = {
    "pdf": FileType("application/pdf", _starts_with(b"%PDF-"), True),
    "jpg": FileType("image/jpeg", _starts_with(b"\xff\xd8\xff"), True),
    "jpeg": FileType("image/jpeg", _starts_with(b"\xff\xd8\xff"), True),
    "png": FileType("image/png", _starts_with(b"\x89PNG\r\n\x1a\n"), True),
    "doc": FileType(
        "application/msword",
        _starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        False,
    ),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _is_docx,
        False,
    ),
}
ACCEPT = ",".join(f".{extension}" for extension in FILE_TYPES)


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_attachment(upload):
    """The file's type, or a ValidationError saying in Swedish what is wrong."""
    file_type = FILE_TYPES.get(extension_of(upload.name))
    if file_type is None:
        raise ValidationError(
            _(
                "Filen %(name)s kan inte bifogas. Tillåtna filtyper är PDF, "
                "JPEG, PNG och Word (.doc, .docx)."
            ),
            code="file_type",
            params={"name": upload.name},
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Filen %(name)s är för stor. Största tillåtna storlek är %(limit)s."),
            code="file_size",
            params={
                "name": upload.name,
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
        )
    if not file_type.matches(upload):
        raise ValidationError(
            _(
                "Filen %(name)s är inte vad filändelsen säger. Spara den i rätt "
                "format och försök igen."
            ),
            code="file_content",
            params={"name": upload.name},
        )
    return file_type


def content_disposition_type(name):
    file_type = FILE_TYPES.get(extension_of(name))
    return "inline" if file_type and file_type.inline else "attachment"

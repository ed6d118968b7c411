"""What customer and work orders' attached files (F-10) share: the fields,
a generated storage name, serving a file under its own name and removing
the files of removed rows. Files live in the default storage (local disk
or an S3 bucket, websesam.settings) and are reached only through it."""

import logging
import uuid

from django.conf import settings
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .uploads import content_disposition_type, extension_of

logger = logging.getLogger(__name__)


def stored_name(folder, filename):
    """A generated name under `folder`: the user's file name is kept only as
    data."""
    extension = extension_of(filename)
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}".rstrip(".")


class Attachment(models.Model):
    """A file attached by a prescriber or by customer service. Subclasses
    add the object it belongs to and `file` with their own folder."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bifogad av"),
    )
    uploaded_at = models.DateTimeField(_("bifogad"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.original_name

    @classmethod
    def store(cls, upload, user, file_type, **owner):
        """Store a checked upload (core.uploads.check_attachment)."""
        return cls.objects.create(
            **owner,
            file=upload,
            original_name=upload.name[:255],
            content_type=file_type.content_type,
            size=upload.size,
            uploaded_by=user,
        )


def file_response(attached):
    """The file, shown in the browser when it is a PDF or an image and
    downloaded otherwise, under its own name."""
    try:
        content = attached.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen finns inte längre.")) from None
    return FileResponse(
        content,
        as_attachment=content_disposition_type(attached.original_name) == "attachment",
        filename=attached.original_name,
        content_type=attached.content_type,
    )


def delete_on_commit(files):
    """Removes `files` (FieldFiles) from their storage once the transaction
    that removed their rows commits: a rollback keeps both. One that cannot
    be removed (the bucket unreachable) is logged by its generated name and
    the others still go; the rows are gone by then either way."""

    def delete():
        for file in files:
            try:
                file.storage.delete(file.name)
            except Exception:
                logger.exception("Could not delete the stored file %s", file.name)

    transaction.on_commit(delete)

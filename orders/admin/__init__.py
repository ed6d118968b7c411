"""Customer service's side of customer orders (F-18): find orders, mark them
picked, ship their lines, move delivery dates and add documents, through the
same services as the prescriber side.

The names below are what the work order and pickup admin reuse."""

# Imported for their @admin.register: admin.autodiscover imports only this.
from . import lines, orders, templates  # noqa: F401
from .common import CustomerFilter, log_listed_persons, recipient_name
from .inlines import AttachmentInline, NewAttachmentInline, save_new_attachments

__all__ = [
    "AttachmentInline",
    "CustomerFilter",
    "NewAttachmentInline",
    "log_listed_persons",
    "recipient_name",
    "save_new_attachments",
]

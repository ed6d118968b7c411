from django.utils import timezone

from .models import Message, MessageKind


def notify(user, subject, body="", about=None, kind=MessageKind.OTHER):
    """Leave a personal message on the user's start page, optionally about an
    object (an order, a work order, …) that the message then links to."""
    return Message.objects.create(
        recipient=user, subject=subject, body=body, about=about, kind=kind
    )


def mark_read(message):
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])


def delete_message(message):
    """Ta bort: the message is gone for its recipient."""
    message.delete()

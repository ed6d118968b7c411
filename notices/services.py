from django.utils import timezone

from .models import Message


def notify(user, subject, body="", about=None):
    """Leave a personal message on the user's start page, optionally about an
    object (an order, a work order, …) that the message then links to."""
    message = Message(recipient=user, subject=subject, body=body)
    # Assigning None to the generic key would set about_id to NULL, which the
    # column (blank, not null) refuses.
    if about is not None:
        message.about = about
    message.save()
    return message


def mark_read(message):
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])

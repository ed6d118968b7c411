import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.language import in_language_of

from .models import EMAIL_KINDS, Message, MessageKind, PendingMail

logger = logging.getLogger(__name__)


def notify(user, subject, body="", about=None, kind=MessageKind.OTHER):
    """Leave a personal message on the user's start page, optionally about an
    object (an order, a work order, …) that the message then links to. A
    user who chose to be mailed about this kind of event also gets an
    e-mail, sent once the caller's transaction commits."""
    message = Message.objects.create(
        recipient=user, subject=subject, body=body, about=about, kind=kind
    )
    if kind in EMAIL_KINDS and kind in user.email_notifications:
        if user.is_active and user.email:
            with in_language_of(user):
                _queue_mail(message, user.email)
    return message


def _queue_mail(message, to):
    """The mail carries the subject, which names the event and its number,
    and a link: never the message's body, where a note typed by customer
    service may name the patient."""
    about = message.about
    path = (
        about.get_absolute_url()
        if hasattr(about, "get_absolute_url")
        else reverse("message_detail", args=[message.pk])
    )
    body = _(
        "%(subject)s.\n\n"
        "Läs mer i webSesam: %(link)s\n\n"
        "Du får det här e-postmeddelandet eftersom du har valt det under Dina "
        "uppgifter i webSesam. Där kan du också stänga av det."
    ) % {"subject": message.subject, "link": settings.SITE_URL.rstrip("/") + path}
    mail = PendingMail.objects.create(to=to, subject=message.subject, body=body)
    transaction.on_commit(lambda: send_one(mail.pk), robust=True)
    return mail


def send_one(pk):
    """Send one queued mail unless it is sent or another sender holds it.
    A mail server that refuses leaves it unsent for send_pending_mail.
    Returns whether it was sent now."""
    with transaction.atomic():
        mail = (
            PendingMail.objects.unsent()
            .select_for_update(skip_locked=True)
            .filter(pk=pk)
            .first()
        )
        if mail is None:
            return False
        try:
            send_mail(mail.subject, mail.body, None, [mail.to])
        except Exception:
            logger.exception("notification mail failed pending_mail=%s", mail.pk)
            return False
        mail.sent_at = timezone.now()
        mail.save(update_fields=["sent_at"])
    logger.info("notification mailed pending_mail=%s", mail.pk)
    return True


def send_pending_mail():
    """Send every unsent mail, oldest first (manage.py send_pending_mail).
    Safe to run while another run or a request sends: each mail is locked
    and checked again. Returns (sent, still unsent)."""
    sent = unsent = 0
    for pk in list(PendingMail.objects.unsent().values_list("pk", flat=True)):
        if send_one(pk):
            sent += 1
        elif PendingMail.objects.unsent().filter(pk=pk).exists():
            unsent += 1
    return sent, unsent


def mark_read(message):
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])


def delete_message(message):
    """Ta bort: the message is gone for its recipient."""
    message.delete()

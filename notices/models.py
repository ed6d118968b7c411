import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audited


class NewsQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(valid_from__lte=now).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=now)
        )


@audited()
class News(models.Model):
    """A message from the centre to every user (news, planned outages, contacts)."""

    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"))
    valid_from = models.DateTimeField(_("visas från"), default=timezone.now)
    valid_until = models.DateTimeField(_("visas till"), null=True, blank=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        indexes = [
            models.Index(fields=["valid_from", "valid_until"], name="news_validity")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="news_valid_until_after_from",
                violation_error_message=_("Visas till måste vara efter visas från."),
            )
        ]

    def __str__(self):
        return self.title


class MessageKind(models.TextChoices):
    """The event a message tells of, for what counts them (the start page's
    overview) rather than for the reader, who reads the subject."""

    OTHER = "", _("Övrigt")
    DELIVERY_DATE = "delivery_date", _("Nytt leveransdatum")
    ORDER_DELIVERED = "order_delivered", _("Order levererad")
    BASKET_OVERDUE = "basket_overdue", _("Försenad varukorg")
    WORK_ORDER_COMPLETED = "wo_completed", _("Arbetsorder klar")
    WORK_ORDER_CANCELLED = "wo_cancelled", _("Arbetsorder makulerad")
    PICKUP_CLOSED = "pickup_closed", _("Hämtorder stängd")
    PICKUP_CANCELLED = "pickup_cancelled", _("Hämtorder makulerad")
    LOST_REPORT_DECIDED = "lost_decided", _("Borttappat hjälpmedel beslutat")
    DEVIATION_CHANGED = "deviation", _("Avvikelse ändrad eller besvarad")
    OUTSIDE_REQUEST_DECIDED = (
        "outside_decided",
        _("Begäran utanför sortimentet besvarad"),
    )


# The events a user may also have e-mailed (Dina uppgifter, "Skicka e-post
# när …"), in the order the checkboxes show them.
EMAIL_KINDS = {
    MessageKind.DELIVERY_DATE: _("leveransdatum ändras"),
    MessageKind.ORDER_DELIVERED: _("en order är levererad"),
    MessageKind.WORK_ORDER_COMPLETED: _("en arbetsorder är klar"),
    MessageKind.PICKUP_CLOSED: _("en hämtorder är utförd"),
    MessageKind.BASKET_OVERDUE: _("en varukorg är försenad"),
    MessageKind.DEVIATION_CHANGED: _("en avvikelse ändrar status eller besvaras"),
}


def default_email_kinds():
    """A new user is mailed about overdue baskets, as before the choice
    existed (issue 13): a late loan is the one event that needs action."""
    return [MessageKind.BASKET_OVERDUE.value]


class MessageQuerySet(models.QuerySet):
    def inbox(self, user):
        """The user's messages, newest first (index message_inbox), each with
        the object it is about: one query per kind of object, not per row."""
        return (
            self.filter(recipient=user)
            .only("id", "subject", "created_at", "read_at", "about_type", "about_id")
            .prefetch_related("about")
        )

    def since(self, user, kind, after):
        """The user's messages of one kind that arrived after `after` (all
        of them when None), read along index message_inbox."""
        messages = self.filter(recipient=user, kind=kind)
        return messages if after is None else messages.filter(created_at__gt=after)


@audited()
class Message(models.Model):
    """A personal message to one user about an event (delivery date changed,
    work order completed, …), optionally about one object."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("mottagare"),
    )
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("ankom"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    about_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gäller typ"),
    )
    # NULL, not "", when the message concerns no object: the generic key sets None.
    about_id = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, verbose_name=_("gäller id")
    )
    about = GenericForeignKey("about_type", "about_id")
    kind = models.CharField(
        _("händelse"),
        max_length=20,
        choices=MessageKind.choices,
        default=MessageKind.OTHER,
        blank=True,
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personligt meddelande")
        verbose_name_plural = _("personliga meddelanden")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="message_inbox")
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


class PendingMailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class PendingMail(models.Model):
    """An e-mail about a personal message, queued in the event's transaction
    and sent after it commits (notices.services.send_pending_mail): a mail
    server that refuses leaves the row unsent, never undoes the event.
    Only the subject (a number) and a link: no patient data leaves by mail."""

    to = models.EmailField(_("till"))
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    objects = PendingMailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("e-post att skicka")
        verbose_name_plural = _("e-post att skicka")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="pendingmail_unsent",
            )
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"

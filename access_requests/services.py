"""State changes of applications for access (Ansök om behörighet): the
applicant submits, the unit manager decides through a mailed single-use
link, customer service creates the account from an approved application."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as accounts
from accounts.models import User
from core.tokens import made_with_token

from .choices import RequestStatus
from .models import AccessRequest, RequestedCustomer

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock's key for counting and writing applications ("ACRQ"):
# the limits hold across app servers and simultaneous submits.
LOCK_KEY = int.from_bytes(b"ACRQ")
IP_WINDOW = timedelta(hours=1)
EMAIL_WINDOW = timedelta(days=1)


class Throttled(Exception):
    """Too many applications from the address or for the e-mail address."""


class LinkRefused(Exception):
    """The manager's link decides nothing; the message says why, in Swedish,
    and `status` is the HTTP status of the page that says it."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class AccountRefused(Exception):
    """No account was created from the application; the message says why."""


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def decision_url(token):
    path = reverse("access_request_decide", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_manager_email(access_request, token):
    context = {
        "application": access_request,
        "customers": list(access_request.customers.order_by("kundid")),
        "decision_url": decision_url(token),
        "valid_until": timezone.localtime(access_request.link_expires_at),
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
    }
    subject = render_to_string("access_requests/email/manager_subject.txt", context)
    body = render_to_string("access_requests/email/manager_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [access_request.manager_email])
    logger.info("access request mailed to manager request=%s", access_request.pk)


def _check_limits(email, ip, now):
    recent_from_ip = AccessRequest.objects.filter(
        created_ip=ip, created_at__gte=now - IP_WINDOW
    ).count()
    recent_for_email = (
        AccessRequest.objects.alias(lower_email=Lower("email"))
        .filter(lower_email=email.lower(), created_at__gte=now - EMAIL_WINDOW)
        .count()
    )
    if (ip and recent_from_ip >= settings.ACCESS_REQUEST_LIMIT_PER_IP) or (
        recent_for_email >= settings.ACCESS_REQUEST_LIMIT_PER_EMAIL
    ):
        logger.warning("access request throttled ip=%s", ip)
        raise Throttled(
            _(
                "Ansökan skickades inte: för många ansökningar har kommit härifrån "
                "eller för samma e-postadress. Försök igen senare (i morgon som "
                "senast) eller ring kundtjänst, telefon %(phone)s."
            )
            % {"phone": settings.CUSTOMER_SERVICE_PHONE}
        )


@transaction.atomic
def submit(
    *,
    token,
    ip,
    first_name,
    last_name,
    title,
    email,
    phone,
    hsa_id,
    customers,
    manager_email,
):
    """Register an application and mail its manager a link to decide it.
    The same form sent again (its token is the application's id) returns
    the application it made, mailing nobody again. Nothing here depends on
    whether the address has an account already: the applicant learns
    nothing about other people's accounts. Raises Throttled past the
    limits (ACCESS_REQUEST_LIMIT_PER_IP an hour, _PER_EMAIL a day)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    made = made_with_token(
        AccessRequest.objects,
        token,
        _("Ansökan hade redan skickats. Kontrollera uppgifterna och skicka igen."),
        email=email,
    )
    if made is not None:
        return made
    now = timezone.now()
    _check_limits(email, ip, now)
    link = secrets.token_urlsafe(32)
    access_request = AccessRequest.objects.create(
        id=token,
        first_name=first_name,
        last_name=last_name,
        title=title,
        email=email,
        phone=phone,
        hsa_id=hsa_id,
        manager_email=manager_email,
        created_at=now,
        created_ip=ip or None,
        token_hash=hash_token(link),
        link_expires_at=now + timedelta(days=settings.ACCESS_REQUEST_LINK_DAYS),
    )
    RequestedCustomer.objects.bulk_create(
        RequestedCustomer(access_request=access_request, customer=customer)
        for customer in customers
    )
    transaction.on_commit(lambda: send_manager_email(access_request, link))
    logger.info("access request submitted request=%s", access_request.pk)
    return access_request


def _refuse_link(access_request, now):
    if access_request is None:
        raise LinkRefused(
            _(
                "Länken är felaktig. Kontrollera att hela länken i e-postmeddelandet "
                "kom med."
            ),
            status=404,
        )
    if access_request.status != RequestStatus.SUBMITTED:
        decided = timezone.localtime(access_request.decided_at)
        raise LinkRefused(
            _(
                "Länken har redan använts: ansökan %(decision)s %(date)s. "
                "Varje länk kan bara användas en gång."
            )
            % {
                "decision": _("avslogs")
                if access_request.status == RequestStatus.REJECTED
                else _("godkändes"),
                "date": f"{decided:%Y-%m-%d %H:%M}",
            },
            status=410,
        )
    if now >= access_request.link_expires_at:
        raise LinkRefused(
            _(
                "Länken har slutat gälla (den gällde i %(days)s dagar). Be den som "
                "ansökte att skicka en ny ansökan om behörigheten behövs."
            )
            % {"days": settings.ACCESS_REQUEST_LINK_DAYS},
            status=410,
        )


def application_for_link(token):
    """The application a manager's link decides, or LinkRefused."""
    access_request = AccessRequest.objects.filter(token_hash=hash_token(token)).first()
    _refuse_link(access_request, timezone.now())
    return access_request


@transaction.atomic
def decide(token, *, approve, ip, note=""):
    """The manager's decision through the link: once, before the link
    expires, recorded with the time and the address it came from. The link
    is the authority; no login."""
    access_request = (
        AccessRequest.objects.select_for_update()
        .filter(token_hash=hash_token(token))
        .first()
    )
    now = timezone.now()
    _refuse_link(access_request, now)
    access_request.status = (
        RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    )
    access_request.decided_at = now
    access_request.decided_ip = ip or None
    access_request.decision_note = note
    access_request.save(
        update_fields=["status", "decided_at", "decided_ip", "decision_note"]
    )
    logger.info(
        "access request decided request=%s status=%s",
        access_request.pk,
        access_request.status,
    )
    return access_request


@transaction.atomic
def create_account(access_request, *, user):
    """Customer service's one action: the account from an approved
    application, authorised for its customers, with its title, phone and
    HSA-id; the activation mail goes out as for every new account
    (accounts.services.create_user). The username is the e-mail address."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status == RequestStatus.ACCOUNT_CREATED:
        raise AccountRefused(
            _("Kontot för %(name)s är redan skapat.") % {"name": locked}
        )
    if locked.status != RequestStatus.APPROVED:
        raise AccountRefused(
            _("Ansökan från %(name)s är inte godkänd av chefen.") % {"name": locked}
        )
    username = locked.email.lower()
    if User.objects.filter(email__iexact=locked.email).exists() or (
        User.objects.filter(username__iexact=username).exists()
    ):
        raise AccountRefused(
            _(
                "Det finns redan ett konto med e-postadressen %(email)s. Lägg till "
                "kunderna på det kontot i stället."
            )
            % {"email": locked.email}
        )
    if locked.hsa_id and User.objects.filter(hsa_id=locked.hsa_id).exists():
        raise AccountRefused(
            _(
                "HSA-id %(hsa_id)s hör redan till ett annat konto. Kontrollera "
                "det med den som ansökte."
            )
            % {"hsa_id": locked.hsa_id}
        )
    account = accounts.create_user(
        username=username,
        email=locked.email,
        first_name=locked.first_name,
        last_name=locked.last_name,
        title=locked.title,
        work_phone=locked.phone,
        hsa_id=locked.hsa_id,
        customers=list(locked.customers.all()),
    )
    locked.status = RequestStatus.ACCOUNT_CREATED
    locked.user = account
    locked.account_created_at = timezone.now()
    locked.account_created_by = user
    locked.save(
        update_fields=["status", "user", "account_created_at", "account_created_by"]
    )
    logger.info("account created from access request request=%s", locked.pk)
    return account

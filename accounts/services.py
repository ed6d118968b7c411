"""State changes of accounts: creating and deactivating users, sessions,
activation mail, the user's own details (Mina uppgifter) and the access log."""

import logging
from datetime import timedelta

from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.language import in_language_of

from .choices import AccessRole
from .models import AccessLog, Authorisation, PayerAuthorisation, User, UserSession

logger = logging.getLogger(__name__)


def activation_url(user):
    path = reverse(
        "activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_activation_email(user):
    """Mail a single-use link (valid PASSWORD_RESET_TIMEOUT) to choose a password."""
    context = {
        "user": user,
        "activation_url": activation_url(user),
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
    }
    with in_language_of(user):
        subject = render_to_string("accounts/email/activation_subject.txt", context)
        body = render_to_string("accounts/email/activation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    logger.info("activation mail sent user=%s", user.username)


@transaction.atomic
def save_new_account(user, initial_password=None):
    """Save a new account. Without an initial password the user gets an
    activation link by mail; with one, they must change it at first login."""
    if initial_password:
        user.set_password(initial_password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
        transaction.on_commit(lambda: send_activation_email(user))
    user.save()
    return user


@transaction.atomic
def create_user(
    *,
    username,
    email,
    first_name="",
    last_name="",
    title="",
    work_phone="",
    hsa_id="",
    customers=(),
    payers=(),
    initial_password=None,
):
    user = save_new_account(
        User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            title=title,
            work_phone=work_phone,
            hsa_id=hsa_id,
        ),
        initial_password,
    )
    Authorisation.objects.bulk_create(
        Authorisation(user=user, customer=customer) for customer in customers
    )
    PayerAuthorisation.objects.bulk_create(
        PayerAuthorisation(user=user, payer=payer) for payer in payers
    )
    return user


def set_language(user, language):
    """The language the user chose in the header, kept on the account."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def lift_login_lock(user):
    """A new password set through the mailed link proves the account is the
    user's: the failed logins counted against the username are cleared, as
    the lockout page promises (those counted against an address are not)."""
    return reset_login_failures(username=user.get_username())


def end_sessions(users):
    """Log the given users out everywhere."""
    return UserSession.objects.filter(user__in=users).delete()[0]


def end_other_sessions(user, current_session_key=None):
    """After a new password: the user's sessions elsewhere end at once, not
    only at their next request (Django refuses them then, by the password
    hash, but the rows stayed). The session the password was changed in,
    if any, stays."""
    return (
        UserSession.objects.filter(user=user)
        .exclude(session_key=current_session_key)
        .delete()[0]
    )


@transaction.atomic
def deactivate_users(users):
    users = list(users)
    User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
    end_sessions(users)
    for user in users:
        logger.info("user deactivated user=%s", user.username)
    return len(users)


def deactivate_inactive_users(now=None):
    """Deactivate accounts that have not logged in for INACTIVE_USER_DAYS.
    Accounts that never logged in count from when they were created."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INACTIVE_USER_DAYS)
    inactive = User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    return deactivate_users(inactive)


def log_access(context, persons, action, obj=None, customer=None, note=""):
    """Record that context.user saw, searched, exported or changed persons'
    data (Patientdatalagen): one row per person shown, a hit list in one
    INSERT. This is the one way every page with a person on it logs, and
    what makes its response no-store (the context's shows_person, read by
    NoStoreForPersonsMiddleware). `context` is an accounts.access
    AccessContext: a view's from access_context(request).

    `persons` is one person, several, or (person, customer) pairs for a list
    whose rows each belong to a customer's order, pickup or work order.
    `customer` is the customer of the case the page was reached through (or
    chosen on the page). Without one, the user's only customer is recorded;
    a user with several has them all recorded as the customers the access
    may have been made for (see AccessLog). An empty list shows nobody:
    nothing is logged and the page may be cached. `note` stands in the
    object's place when there is none, e.g. what an export held."""
    if isinstance(persons, models.Model):
        persons = [persons]
    if not persons:
        return []
    context.shows_person = True
    user = context.user
    # The log is the centre's record, read and extracted in Swedish,
    # whatever language the user who was logged reads.
    with translation.override(settings.LANGUAGE_CODE):
        described = (str(obj) if obj is not None else str(note))[:200]
    # What is the same for every row is a parameter of its own; what varies
    # comes as arrays, one INSERT ... SELECT FROM UNNEST: a hit list of 100
    # through bulk_create took 12-17 ms (100 instances, an INSERT with 1,200
    # placeholders compiled by Django and parsed by psycopg), this 3-5 ms.
    shared = [
        timezone.now(),
        user.pk,
        AccessRole.CUSTOMER_SERVICE if user.is_staff else AccessRole.PRESCRIBER,
        action,
        ContentType.objects.get_for_model(obj).pk if obj is not None else None,
        str(obj.pk) if obj is not None else "",
        described,
        context.path[:500],
    ]
    rows = []
    for entry in persons:
        person, acted_for = entry if isinstance(entry, tuple) else (entry, None)
        acted_for = acted_for or customer
        if acted_for is None:
            own = context.own_customers()
            if len(own) == 1:
                [acted_for] = own
        rows.append(
            (
                ContentType.objects.get_for_model(person).pk,
                str(person.pk),
                acted_for and acted_for.pk,
            )
        )
    # A person shown twice for the same customer is one access.
    rows = list(dict.fromkeys(rows))
    # Without a customer acted for, the user's customers are all recorded:
    # the same list on every such row.
    authorised = (
        [each.kundid for each in context.own_customers()]
        if any(customer_id is None for _, _, customer_id in rows)
        else []
    )
    person_types, person_ids, customer_ids = (
        list(column) for column in zip(*rows, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            LOG_ACCESS_INSERT,
            [*shared, authorised, person_types, person_ids, customer_ids],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    return AccessLog.objects.filter(pk__in=ids)


LOG_ACCESS_INSERT = f"""
    INSERT INTO {connection.ops.quote_name(AccessLog._meta.db_table)} (
        at, user_id, role, action, object_type_id, object_id, object_repr, path,
        authorised_customers, person_type_id, person_id, customer_id
    )
    SELECT %s, %s, %s, %s, %s, %s, %s, %s,
        CASE WHEN shown.customer_id IS NULL THEN %s::varchar(5)[] ELSE '{{}}' END,
        shown.person_type_id, shown.person_id, shown.customer_id
    FROM UNNEST(%s::integer[], %s::varchar(64)[], %s::bigint[])
        AS shown(person_type_id, person_id, customer_id)
    RETURNING id
"""  # noqa: S608 - the model's own table name


def log_cases(context, cases, action):
    """Log the patients a list of orders, pickups or work orders shows, each
    for its case's customer (a care unit's case shows no person)."""
    persons = {(case.person, case.customer) for case in cases if case.person_id}
    return log_access(context, persons, action)


EMAIL_CHANGE_SALT = "accounts.email_change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=3)


def email_change_url(user, email):
    """A link that proves the holder reads `email`: signed with the user and
    the address, so it confirms nothing else, and dated (TimestampSigner)."""
    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"user": user.pk, "email": email}
    )
    path = reverse("email_change_confirm", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_email_change_confirmation(user, email):
    context = {
        "user": user,
        "confirm_url": email_change_url(user, email),
        "valid_days": EMAIL_CHANGE_MAX_AGE.days,
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
    }
    with in_language_of(user):
        subject = render_to_string("accounts/email/email_change_subject.txt", context)
        body = render_to_string("accounts/email/email_change_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])
    logger.info("e-mail change confirmation sent user=%s", user.username)


@transaction.atomic
def update_my_details(user, *, title, work_phone, mobile, email, email_notifications):
    """Mina uppgifter, Verkställ: title, phone numbers and the events to be
    mailed about (notices.models.EMAIL_KINDS) take effect at once
    (audited like every change of the user). A new e-mail address waits as
    pending until the link mailed to it is opened; typing the current one
    again withdraws a pending change. Returns the address a link was sent
    to, if any. A repeated submit of the same new address sends no second
    mail (the row is locked, the pending address compared)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.title, locked.work_phone, locked.mobile = title, work_phone, mobile
    locked.email_notifications = list(email_notifications)
    sent_to = None
    if email.lower() == locked.email.lower():
        locked.pending_email = ""
    elif email.lower() != locked.pending_email.lower():
        locked.pending_email = sent_to = email
        transaction.on_commit(lambda: send_email_change_confirmation(locked, email))
    locked.save(
        update_fields=[
            "title",
            "work_phone",
            "mobile",
            "pending_email",
            "email_notifications",
        ]
    )
    return sent_to


@transaction.atomic
def resend_email_change_confirmation(user):
    """A new link for the pending address (the first expired or was lost)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.pending_email:
        return None
    email = locked.pending_email
    transaction.on_commit(lambda: send_email_change_confirmation(locked, email))
    return email


class EmailChangeRefused(Exception):
    """The link cannot change the address; the message says why, in Swedish."""


@transaction.atomic
def confirm_email_change(user, token):
    """Make the address of a mailed link the user's e-mail. Only for the user
    it was sent to, within EMAIL_CHANGE_MAX_AGE, and only while that address
    is still the pending one: a used link, or one superseded by a later
    change, does nothing. Returns the new address, or None when it was already
    in effect (the link was used before)."""
    signer = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT)
    try:
        data = signer.unsign_object(token, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise EmailChangeRefused(
            _(
                "Länken har slutat gälla (den gäller i %(days)s dagar). Ange den "
                "nya e-postadressen igen under Dina uppgifter så skickas en ny länk."
            )
            % {"days": EMAIL_CHANGE_MAX_AGE.days}
        ) from error
    except signing.BadSignature as error:
        raise EmailChangeRefused(
            _("Länken är felaktig. Kontrollera att hela länken kom med.")
        ) from error
    if data.get("user") != user.pk:
        raise EmailChangeRefused(
            _(
                "Länken hör till en annan användare. Logga in som den användare "
                "som bytte e-postadress och öppna länken igen."
            )
        )
    locked = User.objects.select_for_update().get(pk=user.pk)
    email = data.get("email", "")
    if not locked.pending_email or locked.pending_email.lower() != email.lower():
        if locked.email.lower() == email.lower():
            return None
        raise EmailChangeRefused(
            _(
                "Länken gäller inte längre: e-postadressen har ändrats igen "
                "efter att den skickades."
            )
        )
    locked.email, locked.pending_email = email, ""
    locked.save(update_fields=["email", "pending_email"])
    logger.info("e-mail changed user=%s", user.username)
    return email

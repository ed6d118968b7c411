"""Every login attempt, successful or not, goes to the log (django-axes also
keeps them in the database: AccessLog and AccessFailureLog)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("websesam.login")


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login ok user=%s ip=%s", user.username, _ip(request))


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    logger.warning(
        "login failed user=%s ip=%s", credentials.get("username", ""), _ip(request)
    )


def _ip(request):
    return request.META.get("REMOTE_ADDR", "") if request else ""

"""The user's language: Swedish by default, English when they chose it in
the header (User.language). Pages follow it on every request
(UserLanguageMiddleware); mails and PDFs meant for a user are written in it
wherever they are made (a staff member's request, a scheduled job)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language


def valid_language(code):
    """`code` if it is one of LANGUAGES, else None."""
    if code and code in dict(settings.LANGUAGES) and check_for_language(code):
        return code
    return None


def user_language(user):
    """The language `user` reads: their choice, or the default."""
    return valid_language(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def in_language_of(user):
    """Context manager: gettext, templates and formats in `user`'s language."""
    return translation.override(user_language(user))

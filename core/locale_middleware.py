from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .language import valid_language


class UserLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware, but Swedish stays the default: the language is the
    logged-in user's choice (User.language), else the language cookie an
    anonymous visitor set with the header's switch, else LANGUAGE_CODE. The
    browser's Accept-Language is not asked: clinicians' browsers are often
    English, and the pages must not turn English by themselves. Runs after
    AuthenticationMiddleware, which it needs; without i18n_patterns nothing
    before it depends on the language."""

    def process_request(self, request):
        user = getattr(request, "user", None)
        language = (
            (user.is_authenticated and valid_language(user.language))
            or valid_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The user's choice follows them out: after logout (or when the
        # session ends) the login page stays in their language.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = valid_language(user.language)
            if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
                set_language_cookie(response, chosen)
        # The response is made (a streamed one only streams files): the
        # thread goes back to the default, so that what runs in it next
        # outside a request (a test's own code, a flush naming permissions)
        # is not in the last user's language.
        translation.activate(settings.LANGUAGE_CODE)
        return response


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )

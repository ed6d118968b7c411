from django.conf import settings


def site(request):
    return {
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
        "customer_service_email": settings.CUSTOMER_SERVICE_EMAIL,
        # The header's switch names each language in itself, untranslated
        # (get_available_languages would say Engelska on Swedish pages).
        "languages": settings.LANGUAGES,
    }

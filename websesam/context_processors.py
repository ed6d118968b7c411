from django.conf import settings


def site(request):
    return {
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
        "customer_service_email": settings.CUSTOMER_SERVICE_EMAIL,
    }

"""A demo deviation: a product fault on the demo patient's first delivered
aid, reported by anna.lind, for customer service to assign, answer and
close in the admin. Made through the deviation service with a fixed token,
so seeding again finds it instead of making another."""

import uuid

from django.utils import timezone

from accounts.models import User
from deviations import services
from deviations.choices import DeviationCategory
from pickups.services import current_holdings

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000021")


def seed_deviations(patient):
    prescriber = User.objects.get(username="anna.lind")
    aid = current_holdings(patient).order_by("pk").first()
    if aid is None:
        return None
    return services.create_deviation(
        token=TOKEN,
        user=prescriber,
        customer=prescriber.customers.order_by("kundid").first(),
        category=DeviationCategory.PRODUCT_FAULT,
        injury=False,
        description="Sitsen spricker vid infästningen efter två veckors användning.",
        occurred_on=timezone.localdate(),
        holding=aid,
    )

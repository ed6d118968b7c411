"""A demo lost-aid report: one of the demo patient's delivered aids, not
the one the demo pickup fetches nor the one in repair, reported lost by
the demo prescriber for customer service to confirm or reject in the
admin. Seeding again finds the report instead of making another."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from aids import services
from aids.models import Holding, LostReport


def seed_lost_report(patient):
    existing = LostReport.objects.filter(holding__person=patient).first()
    if existing is not None:
        return existing
    holding = (
        Holding.objects.filter(
            person=patient,
            delivered_on__isnull=False,
            returned_on__isnull=True,
            lost_on__isnull=True,
        )
        .exclude(pickup_items__open=True)
        .exclude(work_orders__isnull=False)
        .order_by("-pk")
        .first()
    )
    if holding is None:
        return None
    prescriber = User.objects.get(username="anna.lind")
    return services.report_lost(
        prescriber,
        holding,
        customer=prescriber.customers.order_by("kundid").first(),
        lost_on=max(holding.delivered_on, timezone.localdate() - timedelta(days=2)),
        circumstances="Hjälpmedlet blev kvar utanför affären och var borta efteråt.",
    )

from django import template
from django.db.models import Exists, OuterRef

from ..choices import OPEN_STATUSES
from ..models import WorkOrder

register = template.Library()


@register.simple_tag
def open_work_orders(individual, user):
    """The individual's open work orders for its card (aids'
    individual_card.html; the aids app may not import this one), oldest
    first, each with `visible`: whether `user` may open its page."""
    return list(
        individual.work_orders.filter(status__in=OPEN_STATUSES)
        .annotate(
            visible=Exists(WorkOrder.objects.visible_to(user).filter(pk=OuterRef("pk")))
        )
        .order_by("created_at")
    )

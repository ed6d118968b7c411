from django import template
from django.db.models import Exists, OuterRef

from ..models import PickupOrder

register = template.Library()


@register.simple_tag
def open_pickups(individual, user):
    """The open pickups of the individual for its card (aids'
    individual_card.html; the aids app may not import this one), oldest
    first, each with `visible`: whether `user` may open its page."""
    return list(
        PickupOrder.objects.filter(
            items__open=True, items__holding__individual=individual
        )
        .annotate(
            visible=Exists(
                PickupOrder.objects.visible_to(user).filter(pk=OuterRef("pk"))
            )
        )
        .order_by("created_at")
    )

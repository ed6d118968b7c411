"""An executed order seen by its prescribers and staff: the confirmation
after Verkställ, the order page with its lines' progress, cancelling and
adding files."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from accounts.choices import AccessAction
from accounts.services import log_access

from .. import services
from .common import order_or_404


def _lines(order):
    return list(order.lines.select_related("article", "payer").order_by("position"))


def _summary(request, order_id):
    """The order and what _order_summary.html shows; the view is logged
    like any page with the patient on it."""
    order = order_or_404(request, order_id)
    lines = _lines(order)
    if order.person:
        log_access(request, order.person, AccessAction.VIEW, order)
    return {
        "order": order,
        "lines": lines,
        "delivery_date": services.delivery_date(order, lines),
    }


@never_cache
def confirmation(request, order_id):
    return render(request, "orders/confirmation.html", _summary(request, order_id))


@never_cache
def detail(request, order_id):
    context = _summary(request, order_id)
    return render(request, "orders/detail.html", context)


urlpatterns = [
    path("<uuid:order_id>/", detail, name="order_detail"),
    path("<uuid:order_id>/bekraftelse/", confirmation, name="order_confirmation"),
]

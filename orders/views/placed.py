"""Executed orders on the prescriber's side: Kundorder (drafts, search, open
orders), the confirmation after Verkställ and its PDF, the order page with
its lines' progress, cancelling (Makulera order, F-07) and adding files
(F-10). Orders come through order_or_404: a customer's prescribers and
staff see them, anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases
from aids.recipients import log_view
from core.forms import AttachmentForm
from core.search import capped

from .. import services
from ..choices import (
    OPEN_ORDER_STATUSES,
    STORE_KINDS,
    LineStatus,
    OrderKind,
    OrderStatus,
)
from ..forms.search import DeliveredPeriodForm, OrderSearchForm
from ..models import Order, OrderLine
from .common import add_files, order_or_404

MAX_FOUND = 100
# The newest open orders shown; a prescriber rarely has more in flight.
MAX_OPEN = 100
DELIVERED_PER_PAGE = 50
# The warehouse names the store of a withdrawal or a basket.
LISTED = ["person", "care_unit", "customer", "warehouse"]


def _summary(request, order):
    """The order and what _order_summary.html shows. The view is logged like
    any page with a patient on it."""
    lines = list(
        order.lines.select_related(
            "article", "payer", "individual", "outside_request"
        ).order_by("position")
    )
    log_view(request, order.recipient, order, customer=order.customer)
    return {
        "order": order,
        "lines": lines,
        "delivery_date": services.delivery_date(lines),
        "from_store": order.kind in STORE_KINDS,
    }


def _with_line_counts(orders):
    """Each order with its lines ordered (not cancelled) and delivered, as
    scalar subqueries: evaluated for the rows shown only, and no GROUP BY
    to keep the index from giving the order."""
    lines = OrderLine.objects.filter(order=OuterRef("pk")).exclude(
        status=LineStatus.CANCELLED
    )
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return orders.annotate(
        lines_ordered=Subquery(lines.order_by().values(n=count)),
        lines_delivered=Subquery(
            lines.filter(status=LineStatus.DELIVERED).order_by().values(n=count)
        ),
    )


def index(request):
    user = request.user
    drafts = list(
        Order.objects.drafts_of(user)
        .select_related(*LISTED)
        .annotate(line_count=Count("lines"))
        .order_by("-updated_at")
    )
    # Any age, newest first along index order_prescriber_open.
    open_orders = list(
        _with_line_counts(
            Order.objects.filter(prescriber=user, status__in=OPEN_ORDER_STATUSES)
            .select_related(*LISTED)
            .order_by("-executed_at", "-created_at")
        )[: MAX_OPEN + 1]
    )
    more_open = len(open_orders) > MAX_OPEN
    open_orders = open_orders[:MAX_OPEN]
    period = DeliveredPeriodForm.of(request.GET)
    delivered = None
    if period.is_valid():
        start, end = period.bounds()
        delivered = Paginator(
            _with_line_counts(
                Order.objects.filter(
                    prescriber=user,
                    status=OrderStatus.DELIVERED,
                    executed_at__gte=start,
                    executed_at__lt=end,
                )
                .select_related(*LISTED)
                .order_by("-executed_at", "-created_at")
            ),
            DELIVERED_PER_PAGE,
        ).get_page(request.GET.get("sida"))
    context = access_context(request)
    log_cases(
        context,
        drafts + open_orders + list(delivered or []),
        AccessAction.VIEW,
    )
    form = OrderSearchForm(request.GET if "number" in request.GET else None)
    found = None
    if form.is_valid():
        found = capped(
            Order.objects.visible_to(user)
            .exclude(status=OrderStatus.DRAFT)
            .filter(number__startswith=form.cleaned_data["number"])
            .select_related(*LISTED)
            .order_by("number"),
            MAX_FOUND,
        )
        log_cases(context, found.hits, AccessAction.SEARCH)
    # The page links keep the period and the search.
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "orders/index.html",
        {
            "drafts": drafts,
            "open_orders": open_orders,
            "more_open": more_open,
            "max_open": MAX_OPEN,
            "period": period,
            "delivered": delivered,
            "page_query": query.urlencode(),
            "form": form,
            "found": found and found.hits,
            "searched": found is not None,
            "too_many": found is not None and found.too_many,
            "max_found": MAX_FOUND,
        },
    )


def confirmation(request, order_id):
    order = order_or_404(request, order_id)
    return render(request, "orders/confirmation.html", _summary(request, order))


def confirmation_pdf(request, order_id):
    # Imported here: WeasyPrint takes time and logs as it loads, which every
    # process (manage.py commands, each worker) would otherwise pay for.
    from core.pdf import render_pdf

    context = _summary(request, order_or_404(request, order_id))
    pdf = render_pdf("orders/confirmation_pdf.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    # Inline: it opens in the browser, which offers printing and saving.
    number = context["order"].number
    response["Content-Disposition"] = f'inline; filename="order-{number}.pdf"'
    return response


def detail(request, order_id):
    order = order_or_404(request, order_id)
    if order.kind == OrderKind.BASKET:
        # No recipient until settled, line by line, on the basket's page.
        return redirect("basket_settle", order.pk)
    return _detail(request, order)


def _detail(request, order, attachment_form=None):
    context = _summary(request, order)
    return render(
        request,
        "orders/detail.html",
        {
            **context,
            "attachments": order.attachments.all(),
            "attachment_form": attachment_form or AttachmentForm(),
            "can_cancel": services.can_cancel(order),
            # A basket has no recipient, so nothing for a medical record.
            "journal": (order.person or order.care_unit)
            and services.journal_text(order, context["lines"]),
        },
    )


def cancel(request, order_id):
    """Makulera order: the GET asks "Vill du makulera order N?", Ja posts."""
    order = order_or_404(request, order_id)
    if request.method != "POST":
        if not services.can_cancel(order):
            return redirect("order_detail", order.pk)
        return render(request, "orders/cancel.html", {"order": order})
    try:
        services.cancel_order(order, request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Ordern är makulerad."))
    return redirect("order_detail", order.pk)


@require_POST
def add_attachment(request, order_id):
    order = order_or_404(request, order_id)
    try:
        services.check_attachable(order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("order_detail", order.pk)
    return add_files(
        request,
        order,
        services.attach_file,
        lambda form: _detail(request, order, attachment_form=form),
        reverse("order_detail", args=[order.pk]),
    )


urlpatterns = [
    path("", index, name="order_index"),
    path("<uuid:order_id>/", detail, name="order_detail"),
    path("<uuid:order_id>/bekraftelse/", confirmation, name="order_confirmation"),
    path("<uuid:order_id>/bekraftelse.pdf", confirmation_pdf, name="order_pdf"),
    path("<uuid:order_id>/makulera/", cancel, name="order_cancel"),
    path("<uuid:order_id>/bilagor/", add_attachment, name="order_add_attachment"),
]

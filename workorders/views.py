"""Arbetsorder on the prescriber's side (F-13): register one from a line of
an executed customer order or from a delivered aid, the work order page
with its history and files (F-10), the recipient's work orders and the
open ones and search. Work orders come through WorkOrder.objects.visible_to:
the customer's prescribers and staff see them, anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases
from aids.care import care_relationship_required
from aids.hooks import hooks as aids_hooks
from aids.models import Holding
from aids.recipients import deceased_refusal, log_view, recipient_or_404
from core.attachments import file_response
from core.forms import AttachmentForm
from core.search import capped
from core.tokens import renew_token
from orders.views.common import add_files, order_or_404

from . import services
from .choices import FOR_DELIVERED_AID, OPEN_STATUSES, WorkOrderKind
from .forms import WorkOrderForm, WorkOrderSearchForm
from .models import WorkOrder, WorkOrderAttachment

MAX_FOUND = 100
LISTED = ["person", "care_unit", "customer", "prescriber", "article"]


def _work_order_or_404(request, work_order_id):
    return get_object_or_404(
        WorkOrder.objects.visible_to(request.user).select_related(
            *LISTED, "individual", "order_line__order"
        ),
        pk=work_order_id,
    )


def _register(request, *, recipient, holding, kinds, order_line=None):
    """The form for one aid; Verkställ registers the work order and shows
    it. The aid's article and individual follow from the holding."""
    if refusal := deceased_refusal(recipient.person, services.DECEASED):
        messages.error(request, refusal)
        return redirect("recipient_aids", recipient.key)
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request, _("Du har ingen kund att beställa för. Kontakta kundtjänst.")
        )
        return redirect("start")
    form = WorkOrderForm(
        request.POST or None,
        kinds=kinds,
        customers=customers,
        recipient=recipient,
        phone=recipient.details.phone,
    )
    files = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and files.is_valid():
        data = form.cleaned_data
        try:
            work_order = services.create_work_order(
                token=data["token"],
                user=request.user,
                holding=holding,
                kind=data["kind"],
                customer=form.chosen_customer,
                address_choice=data["address_choice"],
                address=form.address(),
                phone=data["phone"],
                description=data["description"],
                files=files.attachments,
                order_line=order_line,
            )
        except ValidationError as error:
            form.add_error(None, error)
            if error.code == "token":
                renew_token(form)
        else:
            messages.success(
                request,
                _("Arbetsordern är registrerad med nummer %(number)s.")
                % {"number": work_order.number},
            )
            return redirect("workorder_detail", work_order.pk)
    log_view(
        request, recipient, holding, customer=order_line and order_line.order.customer
    )
    return render(
        request,
        "workorders/new.html",
        {
            "recipient": recipient,
            "holding": holding,
            "order_line": order_line,
            "form": form,
            "files": files,
            "open_pickup": _open_pickup(holding),
        },
    )


def _open_pickup(holding):
    """The number of the aid's open pickup order, if it has one: the work
    order may be needless, which the page warns about (but allows)."""
    return (
        aids_hooks.with_open_pickup(Holding.objects.filter(pk=holding.pk))
        .values_list("open_pickup", flat=True)
        .first()
    )


@care_relationship_required
def new_for_holding(request, key, holding_id):
    """From the recipient's aids or the individual card: an aid delivered
    and not returned."""
    recipient = recipient_or_404(request.user, key)
    holding = get_object_or_404(
        recipient.holdings()
        .filter(returned_on__isnull=True, delivered_on__isnull=False)
        .select_related("article", "individual"),
        pk=holding_id,
    )
    return _register(
        request, recipient=recipient, holding=holding, kinds=FOR_DELIVERED_AID
    )


def new_for_line(request, order_id, line_id):
    """From a line of an executed customer order: assemble, fit or install
    the aid with its delivery. The recipient is the line's: a basket loan's
    lines each go to their own patient."""
    order = order_or_404(request, order_id)
    line = get_object_or_404(
        order.lines.filter(holding__isnull=False).select_related(
            "holding__article",
            "holding__individual",
            "holding__person__details",
            "holding__care_unit__recipient_details",
        ),
        pk=line_id,
    )
    return _register(
        request,
        recipient=line.holding.recipient,
        holding=line.holding,
        kinds=[WorkOrderKind.WITH_ORDER],
        order_line=line,
    )


def detail(request, work_order_id, attachment_form=None):
    work_order = _work_order_or_404(request, work_order_id)
    log_view(request, work_order.recipient, work_order, customer=work_order.customer)
    return render(
        request,
        "workorders/detail.html",
        {
            "work_order": work_order,
            "history": work_order.status_changes.select_related("changed_by"),
            "attachments": work_order.attachments.all(),
            "attachment_form": attachment_form or AttachmentForm(),
        },
    )


@require_POST
def add_attachment(request, work_order_id):
    work_order = _work_order_or_404(request, work_order_id)
    return add_files(
        request,
        work_order,
        services.attach_file,
        lambda form: detail(request, work_order_id, attachment_form=form),
        work_order.get_absolute_url(),
    )


def attachment(request, attachment_id):
    attached = get_object_or_404(
        WorkOrderAttachment.objects.filter(
            work_order__in=WorkOrder.objects.visible_to(request.user)
        ).select_related(
            "work_order__person", "work_order__care_unit", "work_order__customer"
        ),
        pk=attachment_id,
    )
    response = file_response(attached)
    log_view(
        request,
        attached.work_order.recipient,
        attached,
        customer=attached.work_order.customer,
    )
    return response


def index(request):
    """Arbetsorder: the user's open work orders and Sök arbetsorder among the
    work orders of the user's customers."""
    user = request.user
    open_orders = list(
        WorkOrder.objects.filter(prescriber=user, status__in=OPEN_STATUSES)
        .select_related(*LISTED)
        .order_by("-created_at")[:MAX_FOUND]
    )
    form = WorkOrderSearchForm(request.GET or None)
    found = None
    if form.is_valid():
        found = capped(
            WorkOrder.objects.visible_to(user)
            .filter(_search(form.cleaned_data["q"]))
            .select_related(*LISTED)
            .order_by("-created_at"),
            MAX_FOUND,
        )
    shown = open_orders + (found.hits if found else [])
    log_cases(access_context(request), shown, AccessAction.SEARCH)
    return render(
        request,
        "workorders/index.html",
        {
            "open_orders": open_orders,
            "form": form,
            "found": found and found.hits,
            "searched": found is not None,
            "too_many": found is not None and found.too_many,
            "max_found": MAX_FOUND,
        },
    )


def _search(text):
    """Digits are a number's beginning; words are all in the prescriber's
    first or last name."""
    if text.isdigit():
        return Q(number__startswith=text)
    condition = Q()
    for word in text.split():
        condition &= Q(prescriber__first_name__icontains=word) | Q(
            prescriber__last_name__icontains=word
        )
    return condition


@care_relationship_required
def recipient_work_orders(request, key):
    """Registrerade AO: the recipient's work orders, newest first."""
    recipient = recipient_or_404(request.user, key)
    work_orders = (
        WorkOrder.objects.visible_to(request.user)
        .filter(person=recipient.person, care_unit=recipient.care_unit)
        .select_related(*LISTED)
        .order_by("-created_at")
    )
    log_view(request, recipient)
    return render(
        request,
        "workorders/recipient.html",
        {"recipient": recipient, "work_orders": work_orders},
    )

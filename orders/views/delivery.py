"""The last step of a draft (Leverans and Verkställ), Avbryt of a draft, and
the attached files. Verkställ is safe to send twice: an order that is no
longer a draft is shown, never executed or changed again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from accounts.access import access_context
from aids.recipients import log_view
from core.attachments import file_response
from core.forms import AttachmentForm

from .. import services
from ..choices import STORE_KINDS, OrderStatus
from ..forms.delivery import DeliveryForm, StoreDeliveryForm
from ..models import Order, OrderAttachment
from .common import CURRENT_DRAFT, draft_or_404, step_context

EXECUTE = "execute"


def _placed(request, order_id):
    """The order when it has been executed already (a second Verkställ, the
    back button, another tab), if the user may see it."""
    return (
        Order.objects.visible_to(request.user)
        .exclude(status=OrderStatus.DRAFT)
        .filter(pk=order_id)
        .first()
    )


def _save(request, order, form, files):
    """The typed fields, the address, the recipient's phone when asked for,
    and the attached files, together or not at all."""
    data = form.cleaned_data
    services.save_delivery_step(
        order,
        access_context(request),
        None
        if order.kind in STORE_KINDS
        else (data["address_choice"], form.typed_address()),
        form.delivery_fields(),
        files.attachments,
        data["recipient_phone"] if data["save_recipient_phone"] else None,
    )


def delivery(request, order_id):
    try:
        order = draft_or_404(request, order_id)
    except Http404:
        # Executed already (a second Verkställ, the back button, another
        # tab): show that order. Looked for only then, to spare every view of
        # the draft a query.
        if placed := _placed(request, order_id):
            return redirect("order_confirmation", placed.pk)
        raise
    if order.customer_id is None:
        messages.info(request, _("Välj kund/leveransadress först."))
        return redirect("order_customer", order.pk)
    lines = list(
        order.lines.select_related(
            "article", "payer", "individual", "outside_request"
        ).order_by("position")
    )
    if not lines:
        messages.error(request, _("Lägg till minst en orderrad före Leverans."))
        return redirect("order_lines", order.pk)
    form_class = StoreDeliveryForm if order.kind in STORE_KINDS else DeliveryForm
    form = form_class(request.POST or None, order=order)
    files = AttachmentForm(request.POST or None, request.FILES or None)
    refused = []
    if request.method == "POST" and form.is_valid() and files.is_valid():
        try:
            _save(request, order, form, files)
            if EXECUTE not in request.POST:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("order_delivery", order.pk)
            order = services.execute_order(order, request.user)
            return redirect("order_confirmation", order.pk)
        except Order.DoesNotExist:
            raise Http404(_("Beställningen är avbruten.")) from None
        except ValidationError as error:
            if getattr(error, "code", None) == "not_draft":
                return redirect("order_confirmation", order.pk)
            refused = error.messages
    # What stops Verkställ, shown before it is tried and after it was refused.
    problems = dict.fromkeys([*refused, *services.missing_for_execution(order, lines)])
    log_view(request, order.recipient, order, customer=order.customer)
    return render(
        request,
        "orders/delivery.html",
        step_context(
            order,
            form=form,
            files=files,
            lines=lines,
            attachments=order.attachments.all(),
            journal=(order.person or order.care_unit)
            and services.journal_text(order, lines),
            problems=list(problems),
        ),
    )


def cancel_draft(request, order_id):
    if request.method == "POST" and (placed := _placed(request, order_id)):
        return redirect("order_detail", placed.pk)
    order = draft_or_404(request, order_id)
    if request.method == "POST":
        try:
            services.delete_draft(order)
        except ValidationError:
            return redirect("order_detail", order.pk)
        request.session.pop(CURRENT_DRAFT, None)
        messages.success(request, _("Beställningen är avbruten."))
        return redirect("start")
    log_view(request, order.recipient, order, customer=order.customer)
    return render(request, "orders/cancel_draft.html", step_context(order))


def attachment(request, attachment_id):
    """A file of an order the user may see, shown in the browser when it is
    a PDF or an image and downloaded otherwise, under its own name."""
    attached = get_object_or_404(
        OrderAttachment.objects.filter(
            order__in=Order.objects.visible_to(request.user)
        ).select_related("order__person", "order__care_unit", "order__customer"),
        pk=attachment_id,
    )
    response = file_response(attached)
    log_view(
        request, attached.order.recipient, attached, customer=attached.order.customer
    )
    return response


urlpatterns = [
    path("<uuid:order_id>/leverans/", delivery, name="order_delivery"),
    path("<uuid:order_id>/avbryt/", cancel_draft, name="order_cancel_draft"),
    path("bilaga/<uuid:attachment_id>/", attachment, name="order_attachment"),
]

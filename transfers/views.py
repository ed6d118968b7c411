"""BMB (F-08) on the prescriber's side: the form from a recipient's aids
page, the receipt after Verkställ and its PDF. BMBs come through
visible_to: the prescribers of its customer and of the old and new payers'
customers, and staff, see one; anyone else gets a 404."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from aids.care import care_relationship_required
from aids.recipients import log_view, recipient_or_404
from core.search import capped
from core.tokens import renew_token

from . import services
from .forms import TransferForm
from .models import Transfer
from .rows import listed, transfer_rows

# Which form field a refusal from the service belongs next to.
ERROR_FIELDS = {
    "nothing": "holdings",
    "not_current": "holdings",
    "busy": "holdings",
    "same_payer": "payer",
    "payer": "payer",
    "date": "valid_from",
    "customer": "customer",
    "store": "store",
    "to_person": "personnummer",
    "prescriber": "prescriber",
    "kind": "kind",
}
# The aid's page links here with it ticked.
TICKED = "innehav"
MAX_LISTED = 100
RELATED = [
    "customer",
    "created_by",
    "from_person",
    "from_care_unit",
    "to_person",
    "to_care_unit",
    "new_payer",
    "new_prescriber",
]


def index(request):
    """The latest BMBs the user may see: their customers', and those that
    gave one of their customers' payers an aid or took one from it."""
    found = capped(
        Transfer.objects.visible_to(request.user)
        .select_related(*RELATED)
        .order_by("-created_at"),
        MAX_LISTED,
    )
    log_access(
        access_context(request),
        {(person, bmb.customer) for bmb in found.hits for person in bmb.persons},
        AccessAction.VIEW,
    )
    return render(
        request,
        "transfers/index.html",
        {"found": found.hits, "too_many": found.too_many, "max_found": MAX_LISTED},
    )


@care_relationship_required
def new(request, key):
    recipient = recipient_or_404(request.user, key)
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request,
            _("Du är inte förskrivare för någon kund och kan inte göra BMB."),
        )
        return redirect("recipient_aids", recipient.key)
    holdings = listed(
        services.current_holdings(recipient).order_by("article__article_no", "pk")
    )
    form = TransferForm(
        request.POST or None,
        initial={"token": uuid.uuid4(), "holdings": request.GET.getlist(TICKED)},
        recipient=recipient,
        customers=customers,
        holdings=holdings,
    )
    if form.is_valid():
        try:
            transfer = services.execute_transfer(
                access_context(request),
                form.cleaned_data["token"],
                recipient,
                **form.service_arguments(),
            )
        except ValidationError as error:
            field = ERROR_FIELDS.get(getattr(error, "code", None))
            form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("transfer_detail", transfer.pk)
    if made := _made(request, form, recipient):
        return redirect("transfer_detail", made.pk)
    log_view(request, recipient)
    return render(
        request,
        "transfers/new.html",
        {
            "recipient": recipient,
            "form": form,
            "rows": transfer_rows(holdings, form["holdings"].html_name, form.ticked()),
        },
    )


def _made(request, form, recipient):
    """A form refused may be a second Verkställ of a BMB made meanwhile
    (double click, back button): its aids have moved on. That one is shown,
    the same answer as to the first. A token that is someone else's BMB is
    replaced, so the form sent again registers."""
    token = form.is_bound and form.cleaned_data.get("token")
    if not token:
        return None
    try:
        return services.made_with(token, request.user, recipient)
    except ValidationError:
        renew_token(form)
        return None


def _transfer_or_404(request, transfer_id):
    transfer = get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related(*RELATED, "reverses"),
        pk=transfer_id,
    )
    lines = transfer.lines.select_related(
        "holding__article",
        "holding__individual",
        "old_payer",
        "payer",
        "old_prescriber",
        "prescriber",
    )
    log_access(
        access_context(request),
        transfer.persons,
        AccessAction.VIEW,
        transfer,
        customer=transfer.customer,
    )
    return {"transfer": transfer, "lines": lines}


def detail(request, transfer_id):
    return render(
        request, "transfers/detail.html", _transfer_or_404(request, transfer_id)
    )


def receipt_pdf(request, transfer_id):
    # WeasyPrint takes a second to import: only the PDF pays for it.
    from core.pdf import render_pdf

    context = _transfer_or_404(request, transfer_id)
    pdf = render_pdf("transfers/receipt_pdf.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    number = context["transfer"].number
    response["Content-Disposition"] = f'inline; filename="bmb-{number}.pdf"'
    return response

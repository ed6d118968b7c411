"""Hjälpmedel (F-03): a patient's or care unit's aids, their details,
one held aid and the returned ones. URLs carry the person's opaque id or the
care unit's code, never a personnummer."""

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.access import access_context

from ..care import care_relationship_required
from ..forms import RecipientDetailsForm, RecipientSearchForm
from ..hooks import hooks
from ..models import with_open_lost_report
from ..recipients import log_view, recipient_or_404
from ..rows import holding_rows
from ..services import save_recipient_details
from .lost import open_lost_report

ONLY_MARKED = "imarkta"


def _aids_url(recipient, only_marked):
    url = reverse("recipient_aids", args=[recipient.key])
    return f"{url}?{ONLY_MARKED}=1" if only_marked else url


# A refused or fruitless search shows the typed personnummer again, with no
# person logged (which is what makes a page no-store): never_cache for that.
@never_cache
def search(request):
    form = RecipientSearchForm(request.POST or None, user=request.user)
    if form.is_valid():
        return redirect(_aids_url(form.recipient, form.cleaned_data["only_marked"]))
    return render(request, "aids/search.html", {"form": form})


@care_relationship_required
def aids(request, key):
    recipient = recipient_or_404(request.user, key)
    only_marked = request.GET.get(ONLY_MARKED) == "1"
    holdings = with_open_lost_report(
        hooks.with_open_pickup(recipient.holdings().filter(returned_on__isnull=True))
    )
    if only_marked:
        holdings = holdings.filter(article__individually_marked=True)
    log_view(request, recipient)
    return render(
        request,
        "aids/aids.html",
        {
            "recipient": recipient,
            "holdings": holding_rows(holdings, recipient.key),
            "only_marked": only_marked,
            "toggle_url": _aids_url(recipient, not only_marked),
            # Beställ's token: sent twice, it makes one draft (the orders app).
            "order_token": uuid.uuid4(),
        },
    )


@care_relationship_required
def details(request, key):
    recipient = recipient_or_404(request.user, key)
    form = RecipientDetailsForm(request.POST or None, instance=recipient.details)
    if form.is_valid():
        save_recipient_details(access_context(request), recipient, **form.cleaned_data)
        messages.success(request, _("Mottagarens uppgifter är sparade."))
        return redirect("recipient_aids", recipient.key)
    log_view(request, recipient)
    return render(request, "aids/details.html", {"recipient": recipient, "form": form})


@care_relationship_required
def holding(request, key, holding_id):
    recipient = recipient_or_404(request.user, key)
    held = get_object_or_404(
        recipient.holdings().select_related(
            "article__supplier",
            "individual",
            "prescriber",
            "customer",
            "payer",
            "order_line",
        ),
        pk=holding_id,
    )
    log_view(request, recipient, held)
    return render(
        request,
        "aids/holding.html",
        {
            "recipient": recipient,
            "holding": held,
            # Beställ's token: sent twice, it makes one draft (the orders app).
            "order_token": uuid.uuid4(),
            "lost_report": held.lost_on and open_lost_report(request.user, held),
        },
    )


@care_relationship_required
def returned(request, key):
    recipient = recipient_or_404(request.user, key)
    holdings = (
        recipient.holdings()
        .filter(returned_on__isnull=False)
        .order_by("-returned_on", "-id")
    )
    log_view(request, recipient)
    return render(
        request,
        "aids/returned.html",
        {
            "recipient": recipient,
            "holdings": holding_rows(holdings, recipient.key, returned=True),
        },
    )

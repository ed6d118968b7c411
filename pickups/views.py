"""Hämtorder (F-09) on the prescriber's side: the form from a patient's aids
page, the confirmation after Verkställ, the pickup page and Sök hämtorder.
Pickups come through visible_to: the customer's prescribers and staff see
them, anyone else gets a 404."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases
from aids.care import care_relationship_required
from aids.models import Person
from aids.recipients import Recipient, log_view
from core.search import capped, containing_words
from core.tokens import renew_token

from . import services
from .choices import PickupStatus
from .forms import PickupForm, PickupSearchForm
from .models import PickupOrder, with_open_pickup
from .rows import HOLDINGS_LISTED, pickup_rows

MAX_FOUND = 100
LISTED = ["person", "customer", "reason"]
# Which form field a refusal from the service belongs next to.
ERROR_FIELDS = {
    "nothing": "holdings",
    "not_current": "holdings",
    "already_open": "holdings",
    "no_address": "address_choice",
    "customer": "customer",
    "reason": "reason",
    "swedish_phone": "phone",
}


def _pickup_or_404(request, pickup_id):
    pickup = get_object_or_404(
        PickupOrder.objects.visible_to(request.user).select_related(
            *LISTED, "prescriber"
        ),
        pk=pickup_id,
    )
    items = pickup.items.select_related("holding__article", "holding__individual")
    log_view(request, Recipient(person=pickup.person), pickup, customer=pickup.customer)
    return {"pickup": pickup, "items": items}


def _create(request, form):
    data = form.cleaned_data
    return services.create_pickup(
        data["token"],
        request.user,
        form.person,
        form.chosen_customer,
        holding_ids=data["holdings"],
        reason=data["reason"],
        phone=data["phone"],
        address_choice=data["address_choice"],
        address=form.typed_address(),
        door_phone=data["door_phone"],
        instructions=data["instructions"],
        information=data["information"],
    )


@care_relationship_required
def new(request, person_id):
    person = get_object_or_404(Person.objects.select_related("details"), pk=person_id)
    recipient = Recipient(person=person)
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request,
            _(
                "Du är inte förskrivare för någon kund och kan inte registrera hämtorder."
            ),
        )
        return redirect("recipient_aids", recipient.key)
    holdings = list(
        with_open_pickup(services.current_holdings(person))
        .order_by("article__article_no", "pk")
        .values(*HOLDINGS_LISTED)
    )
    form = PickupForm(
        request.POST or None,
        initial={"token": uuid.uuid4()},
        person=person,
        customers=customers,
        holdings=holdings,
    )
    if form.is_valid():
        try:
            pickup = _create(request, form)
        except ValidationError as error:
            code = getattr(error, "code", None)
            field = ERROR_FIELDS.get(code)
            form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("pickup_confirmation", pickup.pk)
    if made := _made(request, form, person):
        return redirect("pickup_confirmation", made.pk)
    log_view(request, recipient)
    return render(
        request,
        "pickups/new.html",
        {
            "recipient": recipient,
            "form": form,
            "holdings": holdings,
            "rows": pickup_rows(holdings, form["holdings"].html_name, form.ticked()),
        },
    )


def _made(request, form, person):
    """A form refused may be a second Verkställ (double click, back button,
    several at once) of a pickup registered meanwhile: its aids are taken
    now. That one is shown, the same answer as to the first. A token that is
    someone else's pickup is replaced, so the form sent again registers."""
    token = form.is_bound and form.cleaned_data.get("token")
    if not token:
        return None
    try:
        return services.made_with(token, request.user, person)
    except ValidationError:
        renew_token(form)
        return None


def confirmation(request, pickup_id):
    return render(
        request, "pickups/confirmation.html", _pickup_or_404(request, pickup_id)
    )


def detail(request, pickup_id):
    return render(request, "pickups/detail.html", _pickup_or_404(request, pickup_id))


# A refused or fruitless search shows the typed personnummer again, with no
# person logged (which is what makes a page no-store): never_cache for that.
@never_cache
def index(request):
    """Without a search: the open pickups of the user's customers. Searched
    (by POST): number prefix, recipient and date, optionally closed ones."""
    form = PickupSearchForm(request.POST if request.method == "POST" else None)
    pickups = PickupOrder.objects.visible_to(request.user).select_related(*LISTED)
    searched = form.is_valid()
    if searched:
        pickups = _found(pickups, form.cleaned_data)
    else:
        pickups = pickups.filter(status=PickupStatus.OPEN)
    found = capped(pickups.order_by("-created_at"), MAX_FOUND)
    log_cases(access_context(request), found.hits, AccessAction.SEARCH)
    return render(
        request,
        "pickups/index.html",
        {
            "form": form,
            "found": found.hits,
            "searched": searched,
            "too_many": found.too_many,
            "max_found": MAX_FOUND,
        },
    )


def _found(pickups, data):
    if not data["include_closed"]:
        pickups = pickups.filter(status=PickupStatus.OPEN)
    if data["number"]:
        pickups = pickups.filter(number__startswith=data["number"])
    if data["created_on"]:
        pickups = pickups.filter(created_at__date=data["created_on"])
    recipient = data["recipient"]
    if "personnummer" in recipient:
        pickups = pickups.filter(person__personnummer=recipient["personnummer"])
    elif "name" in recipient:
        pickups = containing_words(pickups, "person__search_name", recipient["name"])
    return pickups

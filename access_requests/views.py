"""Ansök om behörighet: public pages, no login. The applicant's form, and
the unit manager's page reached by the mailed link, which is the
manager's only authority."""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.login_throttle import client_ip
from core.tokens import renew_token

from . import services
from .forms import (
    AccessRequestForm,
    CustomerSearchForm,
    DecisionForm,
    chosen_customers,
    find_customers,
)


def _customer_context(params):
    """The chosen customers (checked) and the search's other hits."""
    chosen = chosen_customers(params.getlist("customers"))
    # Through the form: text it refuses (a NUL, too long) searches nothing.
    search_form = CustomerSearchForm(params)
    search = (
        search_form.cleaned_data["customer_search"] if search_form.is_valid() else ""
    )
    return {
        "chosen": chosen,
        "search": search,
        "hits": find_customers(search, exclude=[each.kundid for each in chosen]),
    }


def _page(request, form, status=200):
    params = request.POST if request.method == "POST" else request.GET
    return render(
        request,
        "access_requests/apply.html",
        {"form": form, **_customer_context(params)},
        status=status,
    )


def _search_form(data):
    """The form as typed, without errors, after Sök kund (no JavaScript)."""
    initial = {name: data.get(name, "") for name in AccessRequestForm.PERSONAL}
    initial["manager_email"] = data.get("manager_email", "")
    try:
        initial["token"] = uuid.UUID(data.get("token", ""))
    except ValueError:
        initial["token"] = uuid.uuid4()
    return AccessRequestForm(initial=initial)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    if request.method != "POST":
        return _page(request, AccessRequestForm())
    if "search" in request.POST:
        return _page(request, _search_form(request.POST))
    form = AccessRequestForm(request.POST)
    status = 200
    if "token" in form.errors:
        renew_token(form)
    elif form.is_valid():
        try:
            services.submit(ip=client_ip(request), **form.submission())
        except services.Throttled as refusal:
            form.add_error(None, str(refusal))
            status = 429
        except ValidationError as refusal:
            renew_token(form)
            form.add_error(None, refusal)
        else:
            return redirect("access_request_submitted")
    return _page(request, form, status)


@login_not_required
@require_GET
def customer_choices(request):
    """The chosen customers and the search's hits, for htmx as the applicant
    types in Sök kund."""
    return render(
        request, "access_requests/_customers.html", _customer_context(request.GET)
    )


@login_not_required
@require_GET
def submitted(request):
    """The same answer for every application: nothing about whether the
    address has an account already."""
    return render(request, "access_requests/submitted.html")


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def decide(request, token):
    """The manager's page. Reading it decides nothing (mail filters open
    links); only the form's Godkänn or Avslå does, once."""
    try:
        application = services.application_for_link(token)
    except services.LinkRefused as refusal:
        return _refused(request, refusal)
    form = DecisionForm(request.POST or None)
    if form.is_valid():
        try:
            application = services.decide(
                token,
                approve=form.approve,
                ip=client_ip(request),
                note=form.cleaned_data["note"],
            )
        except services.LinkRefused as refusal:
            return _refused(request, refusal)
        return render(
            request, "access_requests/decided.html", {"application": application}
        )
    return render(
        request,
        "access_requests/decide.html",
        {
            "application": application,
            "customers": application.customers.order_by("kundid"),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _refused(request, refusal):
    return render(
        request,
        "access_requests/link_refused.html",
        {"message": str(refusal)},
        status=refusal.status,
    )

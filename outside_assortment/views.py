"""Begäran om artikel utanför sortimentet on the prescriber's side: send one
from an article's page or Sök artikel, follow it on its page, list those of
the user's customers. Requests come through OutsideRequest.objects.visible_to:
the customer's prescribers and staff see them, anyone else gets a 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases
from aids.recipients import log_view
from catalog.models import Article
from core.attachments import file_response
from core.forms import AttachmentForm
from core.search import capped
from core.tokens import renew_token

from . import services
from .choices import RequestStatus
from .forms import OutsideRequestForm
from .models import OutsideRequest, OutsideRequestAttachment

MAX_LISTED = 100
LISTED = ["person", "care_unit", "customer", "prescriber", "article"]


def request_url(article_no):
    """Begär artikeln's link for an article outside the assortment (Sök
    artikel's hits, through catalog.hooks)."""
    return f"{reverse('outside_request_new')}?{urlencode({'artikel': article_no})}"


def _asked_article(request):
    """The article the link from its page or a search hit names, if it is
    one outside the assortment."""
    number = request.GET.get("artikel", "")
    if not number.isdigit():
        return None
    return (
        Article.objects.filter(article_no=number, in_assortment=False)
        .select_related("supplier")
        .first()
    )


# A refused form shows the typed personnummer again: never_cache.
@never_cache
def new(request):
    """The form; Verkställ sends the request and shows it."""
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request, _("Du har ingen kund att beställa för. Kontakta kundtjänst.")
        )
        return redirect("start")
    asked = _asked_article(request)
    form = OutsideRequestForm(
        request.POST or None,
        user=request.user,
        customers=customers,
        initial={"article_no": asked.article_no if asked else ""},
    )
    files = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and files.is_valid():
        data = form.cleaned_data
        try:
            outside_request = services.submit_request(
                token=data["token"],
                user=request.user,
                recipient=form.recipient,
                customer=form.chosen_customer,
                reason=data["reason"],
                article=form.article,
                description=data["description"],
                supplier=data["supplier"],
                quantity=data["quantity"],
                files=files.attachments,
            )
        except ValidationError as error:
            form.add_service_error(error)
            if error.code == "token":
                renew_token(form)
        else:
            messages.success(
                request,
                _("Begäran är inskickad med ärendenummer %(number)s.")
                % {"number": outside_request.number},
            )
            return redirect("outside_request_detail", outside_request.pk)
    return render(
        request,
        "outside_assortment/new.html",
        {"form": form, "files": files, "asked": asked},
    )


def _request_or_404(request, outside_request_id):
    return get_object_or_404(
        OutsideRequest.objects.visible_to(request.user).select_related(
            *LISTED, "article__supplier", "instead", "decided_by"
        ),
        pk=outside_request_id,
    )


def detail(request, outside_request_id):
    """The case: what was asked, its status and the consultant's decision."""
    outside_request = _request_or_404(request, outside_request_id)
    log_view(
        request,
        outside_request.recipient,
        outside_request,
        customer=outside_request.customer,
    )
    return render(
        request,
        "outside_assortment/detail.html",
        {
            "outside_request": outside_request,
            "attachments": outside_request.attachments.all(),
            "orderable": outside_request.status == RequestStatus.GRANTED
            and outside_request.used_at is None,
        },
    )


def attachment(request, attachment_id):
    attached = get_object_or_404(
        OutsideRequestAttachment.objects.filter(
            outside_request__in=OutsideRequest.objects.visible_to(request.user)
        ).select_related(
            "outside_request__person",
            "outside_request__care_unit",
            "outside_request__customer",
        ),
        pk=attachment_id,
    )
    response = file_response(attached)
    log_view(
        request,
        attached.outside_request.recipient,
        attached,
        customer=attached.outside_request.customer,
    )
    return response


def index(request):
    """The requests of the user's customers, newest first."""
    found = capped(
        OutsideRequest.objects.visible_to(request.user)
        .select_related(*LISTED)
        .order_by("-created_at"),
        MAX_LISTED,
    )
    log_cases(access_context(request), found.hits, AccessAction.VIEW)
    return render(
        request,
        "outside_assortment/index.html",
        {
            "requests": found.hits,
            "too_many": found.too_many,
            "max_listed": MAX_LISTED,
        },
    )


# Mounted at /utanfor-sortiment/. URLs carry opaque ids, never a personnummer.
urlpatterns = [
    path("", index, name="outside_request_index"),
    path("ny/", new, name="outside_request_new"),
    path("<uuid:outside_request_id>/", detail, name="outside_request_detail"),
    path("bilaga/<uuid:attachment_id>/", attachment, name="outside_request_attachment"),
]

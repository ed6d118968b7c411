"""Avvikelse – reklamation on the prescriber's side (F-21): report one from
an aid (held or returned), a line of an order or an article page, read it
with its status and customer service's answer, and list one's own and one's
customers' deviations. Deviations come through Deviation.objects.visible_to:
the reporter, the customer's prescribers and staff see one, anyone else gets
a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_cases
from aids.care import care_relationship_required
from aids.models import Individual
from aids.recipients import log_view, recipient_or_404
from catalog.models import Article
from core.attachments import file_response
from core.forms import AttachmentForm
from core.search import capped
from core.tokens import renew_token
from orders.views.common import order_or_404

from . import services
from .choices import INCIDENT_ADVICE, DeviationStatus
from .forms import DeviationForm
from .models import Deviation, DeviationAttachment

MAX_LISTED = 100
LISTED = ["person", "care_unit", "customer", "prescriber", "article"]
# Which form field a refusal from the service belongs next to.
ERROR_FIELDS = {
    "customer": "customer",
    "category": "category",
    "description": "description",
    "occurred_on": "occurred_on",
}


def _deviation_or_404(request, deviation_id):
    return get_object_or_404(
        Deviation.objects.visible_to(request.user).select_related(
            *LISTED, "article__supplier", "individual", "order_line__order", "handler"
        ),
        pk=deviation_id,
    )


def _log(request, deviation, obj=None):
    if deviation.recipient is not None:
        log_view(request, deviation.recipient, obj or deviation, deviation.customer)


def _report(
    request,
    *,
    article,
    back,
    recipient=None,
    holding=None,
    order_line=None,
    individual=None,
):
    """The form for one aid, order line or article; Verkställ registers the
    deviation and shows its receipt."""
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request, _("Du har ingen kund att rapportera för. Kontakta kundtjänst.")
        )
        return redirect(back)
    form = DeviationForm(request.POST or None, customers=customers)
    files = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and files.is_valid():
        data = form.cleaned_data
        try:
            deviation = services.create_deviation(
                token=data["token"],
                user=request.user,
                customer=form.chosen_customer,
                category=data["category"],
                injury=data["injury"],
                description=data["description"],
                occurred_on=data["occurred_on"],
                holding=holding,
                order_line=order_line,
                individual=individual,
                article=article,
                files=files.attachments,
            )
        except ValidationError as error:
            field = ERROR_FIELDS.get(error.code)
            form.add_error(field if field in form.fields else None, error)
            if error.code == "token":
                renew_token(form)
        else:
            messages.success(
                request,
                _("Avvikelsen är registrerad med nummer %(number)s.")
                % {"number": deviation.number},
            )
            return redirect("deviation_detail", deviation.pk)
    if recipient is not None:
        log_view(
            request,
            recipient,
            holding or order_line,
            customer=order_line and order_line.order.customer,
        )
    return render(
        request,
        "deviations/new.html",
        {
            "recipient": recipient,
            "article": article,
            "holding": holding,
            "order_line": order_line,
            "individual": individual,
            "form": form,
            "files": files,
            "back": back,
        },
    )


@care_relationship_required
def new_for_holding(request, key, holding_id):
    """From an aid the recipient has or has returned."""
    recipient = recipient_or_404(request.user, key)
    holding = get_object_or_404(
        recipient.holdings()
        .filter(delivered_on__isnull=False)
        .select_related("article", "individual"),
        pk=holding_id,
    )
    return _report(
        request,
        article=holding.article,
        back=reverse("recipient_holding", args=[recipient.key, holding.pk]),
        recipient=recipient,
        holding=holding,
    )


def new_for_line(request, order_id, line_id):
    """From a line of an executed order, delivered or not (a wrong or late
    delivery). The recipient is the order's."""
    order = order_or_404(request, order_id)
    line = get_object_or_404(
        order.lines.select_related(
            "article",
            "order__customer",
            "holding__person__details",
            "holding__care_unit__recipient_details",
        ),
        pk=line_id,
    )
    # A basket loan's lines each went to their own patient.
    owner = line.holding if line.holding_id else order
    recipient = owner.recipient if (owner.person_id or owner.care_unit_id) else None
    return _report(
        request,
        article=line.article,
        back=reverse("order_detail", args=[order.pk]),
        recipient=recipient,
        order_line=line,
    )


def new_for_individual(request, individual_no):
    """From an individual card: the individual and its article, wherever
    the unit is now."""
    individual = get_object_or_404(
        Individual.objects.select_related("article"), individual_no=individual_no
    )
    return _report(
        request,
        article=individual.article,
        back=reverse("individual_card", args=[individual.individual_no]),
        individual=individual,
    )


def new_for_article(request, article_no):
    """From an article's page: the article alone, no recipient."""
    article = get_object_or_404(Article, article_no=article_no)
    return _report(
        request,
        article=article,
        back=reverse("article_detail", args=[article.article_no]),
    )


def detail(request, deviation_id):
    """The receipt after Verkställ and the page the prescriber follows: the
    status, customer service's answer, the history and the files."""
    deviation = _deviation_or_404(request, deviation_id)
    _log(request, deviation)
    return render(
        request,
        "deviations/detail.html",
        {
            "deviation": deviation,
            "incident_advice": INCIDENT_ADVICE,
            "history": deviation.status_changes.select_related("changed_by"),
            "attachments": deviation.attachments.all(),
        },
    )


def attachment(request, attachment_id):
    attached = get_object_or_404(
        DeviationAttachment.objects.filter(
            deviation__in=Deviation.objects.visible_to(request.user)
        ).select_related(
            "deviation__person", "deviation__care_unit", "deviation__customer"
        ),
        pk=attachment_id,
    )
    response = file_response(attached)
    _log(request, attached.deviation, attached)
    return response


def index(request):
    """Avvikelser: the user's own and their customers' deviations, newest
    first, optionally of one status."""
    status = request.GET.get("status", "")
    deviations = Deviation.objects.visible_to(request.user).select_related(*LISTED)
    if status in DeviationStatus.values:
        deviations = deviations.filter(status=status)
    else:
        status = ""
    listed = capped(deviations.order_by("-created_at"), MAX_LISTED)
    log_cases(access_context(request), listed.hits, AccessAction.SEARCH)
    return render(
        request,
        "deviations/index.html",
        {
            "deviations": listed.hits,
            "too_many": listed.too_many,
            "max_listed": MAX_LISTED,
            "statuses": DeviationStatus.choices,
            "status": status,
        },
    )

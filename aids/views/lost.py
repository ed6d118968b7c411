"""Borttappat hjälpmedel: a prescriber reports a held aid lost (Anmäl
borttappat), reads the case on its receipt (number, status, customer
service's answer) and reports the aid found (Anmäl återfunnet)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services
from ..care import care_relationship_required
from ..choices import LOST_MARKING, LOST_TRANSITIONS, LostReportStatus
from ..forms import FoundForm, LostReportForm
from ..models import LostReport
from ..recipients import log_view, recipient_or_404


def open_lost_report(user, holding):
    """The report that marks the aid lost, if the user may see it."""
    return (
        LostReport.objects.visible_to(user)
        .filter(holding=holding, status__in=LOST_MARKING)
        .first()
    )


def _already_reported(request, recipient, holding):
    """A second report of the aid (a double submit, or a colleague was
    first) shows the one there is, or says so if it is another customer's."""
    report = open_lost_report(request.user, holding)
    if report is not None:
        return redirect(report)
    messages.info(request, _("Hjälpmedlet är redan anmält borttappat."))
    return redirect("recipient_aids", recipient.key)


@care_relationship_required
def new(request, key, holding_id):
    """From a delivered aid not returned, on the recipient's aids page."""
    recipient = recipient_or_404(request.user, key)
    holding = get_object_or_404(
        recipient.holdings()
        .filter(returned_on__isnull=True, delivered_on__isnull=False)
        .select_related("article", "individual"),
        pk=holding_id,
    )
    if holding.lost_on is not None:
        return _already_reported(request, recipient, holding)
    customers = request.user.customers_by_name()
    if not customers:
        messages.error(
            request,
            _("Du har ingen kund att anmäla för. Kontakta kundtjänst."),
        )
        return redirect("recipient_aids", recipient.key)
    form = LostReportForm(
        request.POST or None,
        customers=customers,
        holding=holding,
        initial={"lost_on": timezone.localdate()},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_lost(
                request.user,
                holding,
                customer=form.chosen_customer,
                lost_on=data["lost_on"],
                circumstances=data["circumstances"],
                police_report_no=data["police_report_no"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_reported":
                return _already_reported(request, recipient, holding)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Hjälpmedlet är anmält borttappat med ärendenummer %(number)s.")
                % {"number": report.number},
            )
            return redirect(report)
    log_view(request, recipient, holding)
    return render(
        request,
        "aids/lost_report_new.html",
        {"recipient": recipient, "holding": holding, "form": form},
    )


def detail(request, report_id):
    """The receipt: a case of one of the user's customers (404 otherwise).
    Anmäl återfunnet posts here."""
    report = get_object_or_404(
        LostReport.objects.visible_to(request.user).select_related(
            "holding__article",
            "holding__individual",
            "holding__person__details",
            "holding__care_unit__recipient_details",
            "customer",
            "reported_by",
            "handled_by",
            "found_reported_by",
        ),
        pk=report_id,
    )
    may_find = LostReportStatus.FOUND in LOST_TRANSITIONS[report.status]
    if request.method == "POST" and not may_find:
        # Sent twice, or decided meanwhile: the case as it stands.
        return redirect(report)
    form = FoundForm(request.POST or None, initial={"found_on": timezone.localdate()})
    if may_find and form.is_valid():
        try:
            services.report_found(
                request.user, report, found_on=form.cleaned_data["found_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Hjälpmedlet är anmält återfunnet (ärende %(number)s).")
                % {"number": report.number},
            )
            return redirect(report)
    recipient = report.holding.recipient
    log_view(request, recipient, report, customer=report.customer)
    return render(
        request,
        "aids/lost_report.html",
        {
            "report": report,
            "recipient": recipient,
            "holding": report.holding,
            "found_form": form if may_find else None,
        },
    )

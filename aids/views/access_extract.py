"""Loggutdrag (Patientdatalagen 8 kap. 3 §): customer service lists every
access to one person's data in a period, on screen, as PDF or as CSV. The
personnummer is posted; producing the extract is itself logged."""

import csv
from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.extract import COLUMNS, access_extract
from accounts.services import log_access

from ..forms import AccessExtractForm

PERMISSION = "accounts.extract_accesslog"
# The period proposed: the last year.
PROPOSED_DAYS = 365


@staff_member_required
def extract(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    form = AccessExtractForm(
        request.POST or None,
        initial={"first_day": today - timedelta(days=PROPOSED_DAYS), "last_day": today},
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Loggutdrag för en patient"),
        "form": form,
        "columns": COLUMNS,
    }
    if form.is_valid():
        first_day = form.cleaned_data["first_day"]
        last_day = form.cleaned_data["last_day"]
        context |= {
            "person": form.person,
            "first_day": first_day,
            "last_day": last_day,
            "accesses": access_extract(form.person, first_day, last_day),
            "produced_at": timezone.localtime(),
        }
        log_access(access_context(request), form.person, AccessAction.EXTRACT)
        output = request.POST.get("format")
        if output == "csv":
            return _csv(context)
        if output == "pdf":
            return _pdf(request, context)
    return render(request, "admin/access_extract.html", context)


def _file_name(context, extension):
    # The dates only: a file name is no place for a personnummer.
    return f"loggutdrag-{context['first_day']}-{context['last_day']}.{extension}"


def _csv(context):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(context, "csv")}"'
    )
    # The BOM and the semicolons are what a Swedish spreadsheet expects.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(column) for column in context["columns"]])
    writer.writerows(access.values() for access in context["accesses"])
    return response


def _pdf(request, context):
    # Imported here, like the order PDF: WeasyPrint is slow to load.
    from core.pdf import render_pdf

    pdf = render_pdf("admin/access_extract_pdf.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(context, "pdf")}"'
    )
    return response

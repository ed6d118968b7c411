"""Rekvirerat per förskrivare: the order lines of the user's customers in a
period, on the page (printable) or as an Excel or CSV file. The form is
posted, as it may carry a personnummer; every patient shown or exported is
access-logged."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access

from ..forms.report import ReportForm
from ..services import report

FILES = {
    "xlsx": (
        report.xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (report.csv_bytes, "text/csv; charset=utf-8"),
}


def _page(request, context):
    # 10 000, as Swedish writes it.
    max_rows = f"{report.MAX_ROWS:,}".replace(",", " ")
    return render(
        request,
        "orders/report.html",
        {"max_rows_text": max_rows, "page_size": report.PAGE_SIZE, **context},
    )


def order_report(request):
    form = ReportForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return _page(request, {"form": form})
    criteria = form.criteria()
    download = request.POST.get("download")
    if download in FILES:
        return _file(request, form, criteria, download)
    # Posted by the page buttons; get_page answers nonsense with a page.
    found = report.report_page(request.user, criteria, request.POST.get("sida"))
    log_access(
        access_context(request), report.persons_shown(found.lines), AccessAction.SEARCH
    )
    return _page(
        request,
        {
            "form": form,
            "described": form.described(),
            "page": found.page,
            "lines": [
                (line, report.recipient_name(line), report.line_payer(line))
                for line in found.lines
            ],
            "too_many": found.too_many,
        },
    )


def _file(request, form, criteria, kind):
    write, content_type = FILES[kind]
    found = report.report_lines(request.user, criteria)
    header, rows = report.table(found.hits, form.cleaned_data["show_personnummer"])
    log_access(
        access_context(request),
        report.persons_shown(found.hits),
        AccessAction.EXPORT,
        note=_("Rekvirerat per förskrivare, %(rows)s rader (%(kind)s)")
        % {"rows": len(rows), "kind": kind},
    )
    response = HttpResponse(write(header, rows), content_type=content_type)
    name = f"rekvirerat-{criteria.date_from:%Y%m%d}-{criteria.date_to:%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("rekvirerat/", order_report, name="order_report"),
]

"""E-faktura: the invoices of the payers a user is authorised for, an
invoice's lines (filtered, paged, grouped by customer, recipient and aid)
and its downloads (PDF, Excel, CSV and the Peppol UBL XML). The lines name the patients the payer pays for, so every
page and file with lines is access-logged; the filters are posted, as they
may carry a personnummer."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.models import Customer
from accounts.services import log_access
from orders.services.report import csv_bytes, xlsx_bytes

from . import lines as invoice_lines
from . import pdf_files, ubl
from .forms import InvoiceSearchForm, LineFilterForm
from .models import Invoice

INVOICES_PER_PAGE = 50


def _xlsx(header, rows):
    return xlsx_bytes(header, rows, title=_("Fakturarader"))


FILES = {
    "xlsx": (
        _xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (csv_bytes, "text/csv; charset=utf-8"),
}

# Remembered at login: the menu offers E-faktura to a user authorised for a
# payer (read on every page, so not asked on every page). The pages
# themselves check the authorisations again.
HAS_PAYERS = "has_payers"


def remember_payers(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_PAYERS] = user.payer_authorisations.exists()


def invoice_list(request):
    form = InvoiceSearchForm(request.GET)
    invoices = Invoice.objects.visible_to(request.user).select_related("payer")
    if form.is_valid():
        invoices = form.filter(invoices)
    page = Paginator(
        invoices.order_by("-month", "-invoice_date", "-number"), INVOICES_PER_PAGE
    ).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "invoicing/invoice_list.html",
        {"form": form, "page": page, "page_query": query.urlencode()},
    )


def _invoice_or_404(request, number):
    return get_object_or_404(
        Invoice.objects.visible_to(request.user).select_related("payer"),
        number=number,
    )


def _customers(ids):
    return list(Customer.objects.filter(pk__in=ids).order_by("kundid"))


def invoice_detail(request, number):
    invoice = _invoice_or_404(request, number)
    whole, customer_ids = invoice_lines.invoice_totals(invoice)
    posted = request.method == "POST"
    form = LineFilterForm(_customers(customer_ids), request.POST if posted else None)
    context = {**pdf_files.header(invoice, whole), "form": form}
    criteria = invoice_lines.ALL
    if posted:
        if not form.is_valid():
            return render(request, "invoicing/invoice_detail.html", context)
        criteria = form.criteria()
        download = request.POST.get("download")
        if download in FILES:
            return _file(request, invoice, criteria, download)
    shown = invoice_lines.shown_totals(invoice, criteria, whole)
    found = invoice_lines.line_page(
        invoice, criteria, shown.count, request.POST.get("sida")
    )
    log_access(
        access_context(request),
        invoice_lines.persons_shown(row.line for row in found.rows),
        AccessAction.VIEW,
        invoice,
    )
    return render(
        request,
        "invoicing/invoice_detail.html",
        {
            **context,
            "filtered": criteria != invoice_lines.ALL,
            "shown": shown,
            "rows": found.rows,
            "page": found.page,
        },
    )


def _log_export(request, invoice, lines, kind):
    log_access(
        access_context(request),
        invoice_lines.persons_shown(lines),
        AccessAction.EXPORT,
        note=_("Faktura %(number)s, %(rows)s rader (%(kind)s)")
        % {"number": invoice.number, "rows": len(lines), "kind": kind},
    )


def _file(request, invoice, criteria, kind):
    write, content_type = FILES[kind]
    lines = invoice_lines.all_lines(invoice, criteria)
    header, rows = invoice_lines.table(lines)
    _log_export(request, invoice, lines, kind)
    response = HttpResponse(write(header, rows), content_type=content_type)
    name = f"faktura-{invoice.number}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def invoice_pdf(request, number):
    """The invoice's stored PDF (invoicing.pdf_files). Before the nightly
    run has made it, a small invoice's is made and kept now; a large one
    would take longer than a request may, so the user is told when."""
    invoice = _invoice_or_404(request, number)
    if invoice.pdf:
        lines = pdf_files.logged_lines(invoice)
    elif invoice.lines.count() <= settings.INVOICE_PDF_INLINE_MAX_LINES:
        data, lines = pdf_files.render(invoice)
        invoice = pdf_files.store(invoice, data)
    else:
        messages.info(
            request,
            _(
                "PDF:en för faktura %(number)s tas fram i natt och kan hämtas "
                "i morgon. Excel- och XML-filerna kan hämtas nu."
            )
            % {"number": number},
        )
        return redirect("invoicing:invoice_detail", number=number)
    try:
        kept = invoice.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen finns inte längre.")) from None
    _log_export(request, invoice, lines, "pdf")
    return FileResponse(
        kept,
        content_type="application/pdf",
        filename=f"faktura-{number}.pdf",
    )


def invoice_xml(request, number):
    """The Peppol BIS Billing 3.0 document (invoicing.ubl), as the payer's
    system receives it; it names the patients, as the PDF does."""
    invoice = _invoice_or_404(request, number)
    try:
        document = ubl.invoice_xml(invoice)
    except ubl.NoPeppolAddress as error:
        messages.error(request, str(error))
        return redirect("invoicing:invoice_detail", number=number)
    _log_export(request, invoice, invoice_lines.all_lines(invoice), "xml")
    response = HttpResponse(document, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="faktura-{number}.xml"'
    return response

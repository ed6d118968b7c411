"""The admin page where staff upload an import file (DATA-FORMATS.md)."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .forms import ImportForm
from .rows import error_count_message
from .run import run_import

# A report of thousands of errors helps nobody read it in a browser; the
# command prints them all.
MAX_SHOWN_ERRORS = 200


@staff_member_required
def import_file(request):
    """Import or check a CSV file: all rows or none."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        report = run_import(
            form.cleaned_data["kind"],
            upload.name,
            upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            user=request.user,
        )
        if not report.errors:
            message = (
                _(
                    "Kontrollen av %(file)s är klar utan fel, inget är sparat: %(summary)s."
                )
                if report.dry_run
                else _("Importen av %(file)s är klar: %(summary)s.")
            )
            messages.success(
                request, message % {"file": upload.name, "summary": report.summary()}
            )
            return redirect("admin_import")
    context = {
        **admin.site.each_context(request),
        "title": _("Importera fil"),
        "form": form,
        "report": report,
    }
    if report:
        context["error_count"] = error_count_message(len(report.errors))
        context["errors"] = report.error_lines()[:MAX_SHOWN_ERRORS]
        context["hidden_errors"] = max(len(report.errors) - MAX_SHOWN_ERRORS, 0)
    return render(request, "admin/import_csv.html", context)

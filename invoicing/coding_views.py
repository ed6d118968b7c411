"""Egna mallar för eFaktura under Dina uppgifter: a payer's users keep the
templates that code its invoice lines (invoicing.coding) and preview how
this month's lines would be coded. Every page fetches the payer through
Payer.visible_to, so another payer's templates are a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.models import Customer, Payer
from accounts.services import log_access
from aids.models import Person
from catalog.models import Article

from . import coding
from .choices import LineKind
from .coding_forms import CodingTemplateForm, MoveForm
from .models import CodingSegment, CodingTemplate
from .services import compute_month

PREVIEW_LINES = 100


def _payer_or_404(request, betalarid):
    return get_object_or_404(
        Payer.objects.visible_to(request.user), betalarid=betalarid
    )


def _template_or_404(payer, template_id):
    return get_object_or_404(
        CodingTemplate.objects.filter(payer=payer).select_related("customer"),
        pk=template_id,
    )


def _segments(payer):
    return list(CodingSegment.objects.filter(payer=payer))


def template_list(request):
    """The templates of each payer the user is authorised for, in the order
    they are tried, with the kodsträng each gives."""
    payers = list(
        Payer.objects.filter(authorisations__user=request.user)
        .order_by("betalarid")
        .prefetch_related(
            "coding_segments",
            Prefetch(
                "coding_templates",
                queryset=CodingTemplate.objects.select_related("customer"),
            ),
        )
    )
    for payer in payers:
        segments = list(payer.coding_segments.all())
        payer.templates = list(payer.coding_templates.all())
        for template in payer.templates:
            template.kodstrang = coding.kodstrang(segments, template.values)
        ordered = [t for t in payer.templates if not t.is_default]
        if ordered:
            ordered[0].first = True
            ordered[-1].last = True
    return render(request, "invoicing/coding_list.html", {"payers": payers})


def _form_page(request, payer, template=None):
    segments = _segments(payer)
    form = CodingTemplateForm(
        request.POST if request.method == "POST" else None,
        payer=payer,
        segments=segments,
        template=template,
    )
    if segments and form.is_valid():
        try:
            saved = coding.save_template(
                request.user, payer, form.template_data, template
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Mallen %(name)s är sparad.") % {"name": saved.name}
            )
            return redirect("invoicing:coding_templates")
    return render(
        request,
        "invoicing/coding_form.html",
        {"payer": payer, "template": template, "form": form, "segments": segments},
    )


def template_new(request, betalarid):
    return _form_page(request, _payer_or_404(request, betalarid))


def template_edit(request, betalarid, template_id):
    payer = _payer_or_404(request, betalarid)
    return _form_page(request, payer, _template_or_404(payer, template_id))


def template_delete(request, betalarid, template_id):
    """Asks first; a second Ta bort of the same template finds it gone and
    says so rather than answering 404."""
    payer = _payer_or_404(request, betalarid)
    if request.method == "POST":
        if coding.delete_template(request.user, payer, template_id):
            messages.success(request, _("Mallen är borttagen."))
        else:
            messages.info(request, _("Mallen var redan borttagen."))
        return redirect("invoicing:coding_templates")
    template = _template_or_404(payer, template_id)
    return render(
        request,
        "invoicing/coding_delete.html",
        {"payer": payer, "template": template},
    )


@require_POST
def template_move(request, betalarid, template_id):
    payer = _payer_or_404(request, betalarid)
    form = MoveForm(request.POST)
    if form.is_valid():
        coding.move_template(
            request.user,
            payer,
            template_id,
            form.cleaned_data["direction"] == "up",
            form.cleaned_data["position"],
        )
    return redirect("invoicing:coding_templates")


def preview(request, betalarid):
    """How this month's lines of the payer would be coded by its templates
    now: the number of lines and amount per kodsträng, and the first
    PREVIEW_LINES lines with the template that codes each. The lines name
    patients, so those shown are access-logged."""
    payer = _payer_or_404(request, betalarid)
    first = timezone.localdate().replace(day=1)
    lines = compute_month(first, payer=payer.pk)[0].get(payer.pk, [])
    lines.sort(
        key=lambda li: (
            li["customer_id"] or 0,
            li["recipient_name"].casefold(),
            str(li["person_id"] or ""),
            li["article_id"],
            li["period_from"],
        )
    )
    coder = coding.coder_for(payer, lines)
    totals = {}
    for line in lines:
        string = coder(line)
        count, amount = totals.get(string, (0, 0))
        totals[string] = (count + 1, amount + line["amount"])
    shown = lines[:PREVIEW_LINES]
    persons = Person.objects.in_bulk({li["person_id"] for li in shown} - {None})
    customers = Customer.objects.in_bulk({li["customer_id"] for li in shown} - {None})
    articles = Article.objects.in_bulk({li["article_id"] for li in shown})
    rows = [
        {
            **line,
            "person": persons.get(line["person_id"]),
            "customer": customers.get(line["customer_id"]),
            "article": articles[line["article_id"]],
            "kind_label": LineKind(line["kind"]).label,
            "template": coder.template(line),
            "kodstrang": coder(line),
        }
        for line in shown
    ]
    log_access(
        access_context(request),
        [(row["person"], row["customer"]) for row in rows if row["person"]],
        AccessAction.VIEW,
        payer,
    )
    return render(
        request,
        "invoicing/coding_preview.html",
        {
            "payer": payer,
            "month": first,
            "rows": rows,
            "line_count": len(lines),
            "totals": sorted(
                ((string, count, amount) for string, (count, amount) in totals.items()),
                key=lambda row: (-row[1], row[0]),
            ),
            "uncoded": totals.get("", (0, 0))[0],
        },
    )


urlpatterns = [
    path("mallar/", template_list, name="coding_templates"),
    path("mallar/<str:betalarid>/ny/", template_new, name="coding_template_new"),
    path(
        "mallar/<str:betalarid>/<int:template_id>/",
        template_edit,
        name="coding_template_edit",
    ),
    path(
        "mallar/<str:betalarid>/<int:template_id>/ta-bort/",
        template_delete,
        name="coding_template_delete",
    ),
    path(
        "mallar/<str:betalarid>/<int:template_id>/flytta/",
        template_move,
        name="coding_template_move",
    ),
    path(
        "mallar/<str:betalarid>/forhandsgranska/",
        preview,
        name="coding_preview",
    ),
]

"""Beställningsmallar (F-12) under Kundorder: the templates of the user's
customers, a new one, a template's rows, deleting an empty one; and in a
care unit's draft, Beställningsmall: choose a template, tick its rows and
Beställ puts them on the draft. Templates come through a queryset limited
to the user's customers (staff see all), so another's id is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from warehouse.models import MAIN_WAREHOUSE, Warehouse

from .. import services
from ..forms.templates import NewTemplateForm, PickForm, TemplateLinesForm
from ..models import OrderTemplate
from .common import draft_or_404, step_context


def _visible(request):
    return OrderTemplate.objects.visible_to(request.user)


def _template_or_404(request, template_id):
    return get_object_or_404(
        _visible(request).select_related("customer", "warehouse", "created_by"),
        pk=template_id,
    )


def _lines(template):
    return list(template.lines.select_related("article").order_by("position"))


def _listed(templates):
    return list(
        templates.select_related("customer", "created_by")
        .annotate(line_count=Count("lines"))
        .order_by("customer__name", "name")
    )


def template_list(request):
    """The templates of the user's customers, to open or start one."""
    return render(
        request,
        "orders/template_list.html",
        {"templates": _listed(_visible(request))},
    )


def template_new(request):
    """Ny beställningsmall: a name, the customer when the user has several;
    the delivering warehouse is shown."""
    form = NewTemplateForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            template = services.create_template(
                request.user, form.cleaned_data["customer"], form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(
                request,
                _("Beställningsmallen %(name)s är skapad. Lägg till artiklar.")
                % {"name": template.name},
            )
            return redirect("order_template", template.pk)
    return render(
        request,
        "orders/template_new.html",
        {
            "form": form,
            "warehouse": Warehouse.objects.get(code=MAIN_WAREHOUSE),
            "has_customers": bool(request.user.customer_list),
        },
    )


def template_detail(request, template_id):
    """A template's rows: change quantities, tick rows to remove, add a row;
    Lägg till and Verkställ save all of it. With no rows left, the template
    can be deleted."""
    template = _template_or_404(request, template_id)
    lines = _lines(template)
    version = services.template_version(lines)
    form = TemplateLinesForm(lines, request.POST or None)
    if request.method == "POST" and request.POST.get("version") != version:
        return _stale_template(request, template)
    if form.is_valid():
        try:
            services.save_template(
                template, version, form.changes, form.removed, form.new_line
            )
        except services.StaleTemplate:
            return _stale_template(request, template)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Beställningsmallen är sparad."))
            return redirect("order_template", template.pk)
    return render(
        request,
        "orders/template_detail.html",
        {
            "template": template,
            "form": form,
            "version": version,
            "max_quantity": services.MAX_QUANTITY,
        },
    )


def _stale_template(request, template):
    messages.warning(
        request,
        _(
            "Mallen har ändrats sedan sidan visades, så ändringarna sparades "
            "inte. Kontrollera raderna och spara igen."
        ),
    )
    return redirect("order_template", template.pk)


@require_POST
def template_delete(request, template_id):
    """Ta bort beställningsmall, offered once the template has no rows."""
    template = _template_or_404(request, template_id)
    try:
        services.delete_template(template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("order_template", template.pk)
    messages.success(
        request,
        _("Beställningsmallen %(name)s är borttagen.") % {"name": template.name},
    )
    return redirect("order_templates")


def _care_unit_draft(request, order_id):
    """The user's draft for a care unit with its customer chosen; None
    (after saying why) when templates do not apply to it."""
    order = draft_or_404(request, order_id)
    if order.care_unit_id is None or order.customer_id is None:
        messages.info(
            request,
            _("Beställningsmallar används vid beställning till en vårdenhet."),
        )
        return order, False
    return order, True


def _order_templates(request, order):
    return _visible(request).filter(customer_id=order.customer_id)


def template_choose(request, order_id):
    """Beställningsmall in a care unit's draft: its customer's templates."""
    order, usable = _care_unit_draft(request, order_id)
    if not usable:
        return redirect("order_lines", order.pk)
    return render(
        request,
        "orders/template_choose.html",
        step_context(order, templates=_listed(_order_templates(request, order))),
    )


def template_pick(request, order_id, template_id):
    """One template's rows with their quantities and ticks (all ticked);
    Beställ puts the ticked rows on the draft and says what happened."""
    order, usable = _care_unit_draft(request, order_id)
    if not usable:
        return redirect("order_lines", order.pk)
    template = get_object_or_404(
        _order_templates(request, order).select_related("customer", "warehouse"),
        pk=template_id,
    )
    form = PickForm(_lines(template), request.POST or None)
    if form.is_valid():
        try:
            done = services.order_from_template(order, template, form.picks)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_what_was_ordered(request, done)
            return redirect("order_lines", order.pk)
    return render(
        request,
        "orders/template_pick.html",
        step_context(
            order,
            template=template,
            form=form,
            max_quantity=services.MAX_QUANTITY,
        ),
    )


def _numbers(articles):
    return ", ".join(article.article_no for article in articles)


def _say_what_was_ordered(request, done):
    added = list(dict.fromkeys(line.article for line in done.added))
    if added:
        messages.success(
            request,
            ngettext(
                "Artikel %(numbers)s är tillagd på beställningen.",
                "Artiklarna %(numbers)s är tillagda på beställningen.",
                len(added),
            )
            % {"numbers": _numbers(added)},
        )
    if done.present:
        messages.info(
            request,
            ngettext(
                "Artikel %(numbers)s fanns redan på beställningen och lades inte "
                "till igen; ändra antalet på raden om det behövs.",
                "Artiklarna %(numbers)s fanns redan på beställningen och lades "
                "inte till igen; ändra antalet på raderna om det behövs.",
                len(done.present),
            )
            % {"numbers": _numbers(done.present)},
        )
    if done.refused:
        messages.warning(
            request,
            ngettext(
                "Artikel %(numbers)s ingår inte längre i sortimentet och lades "
                "inte till. Kontakta hjälpmedelskonsulenten.",
                "Artiklarna %(numbers)s ingår inte längre i sortimentet och "
                "lades inte till. Kontakta hjälpmedelskonsulenten.",
                len(done.refused),
            )
            % {"numbers": _numbers(done.refused)},
        )


urlpatterns = [
    path("mallar/", template_list, name="order_templates"),
    path("mallar/ny/", template_new, name="order_template_new"),
    path("mallar/<int:template_id>/", template_detail, name="order_template"),
    path(
        "mallar/<int:template_id>/ta-bort/",
        template_delete,
        name="order_template_delete",
    ),
    path("<uuid:order_id>/mallar/", template_choose, name="order_template_choose"),
    path(
        "<uuid:order_id>/mallar/<int:template_id>/",
        template_pick,
        name="order_template_pick",
    ),
]

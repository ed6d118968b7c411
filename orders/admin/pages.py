"""The order admin's own pages beside the change form: Sök mottagare,
Leverera and Ändra leveransdatum."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from aids.choices import IndividualLocation
from aids.forms import PersonLookupForm
from aids.models import Individual

from .. import services
from ..choices import OPEN_LINE_STATUSES, OrderKind
from ..forms.admin import (
    DeliveryDateForm,
    ShipLineForm,
    SplitDeliveryForm,
)
from .common import PERSON_PARAMETER, recipient_name


class OrderPages:
    """Mixed into OrderAdmin, whose get_urls routes to these views."""

    def _order_or_404(self, request, order_id):
        order = (
            self.get_queryset(request)
            .select_related("person", "care_unit", "customer")
            .filter(pk=order_id)
            .first()
        )
        if order is None:
            raise Http404
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        return order

    def _page(self, request, template, order, **context):
        if order.person_id:
            log_access(
                access_context(request),
                order.person,
                AccessAction.VIEW,
                order,
                customer=order.customer,
            )
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "order": order,
                "recipient": recipient_name(order),
                "change_url": reverse("admin:orders_order_change", args=[order.pk]),
                **context,
            },
        )

    def find_recipient_view(self, request):
        """Sök mottagare: the personnummer is posted, the list is filtered by
        the person's opaque id."""
        form = PersonLookupForm(request.POST or None)
        if form.is_valid():
            log_access(access_context(request), form.person, AccessAction.SEARCH)
            query = urlencode({PERSON_PARAMETER: form.person.pk})
            return redirect(reverse("admin:orders_order_changelist") + "?" + query)
        return TemplateResponse(
            request,
            "admin/orders/order/find_recipient.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Sök mottagare (personnummer)"),
                "form": form,
            },
        )

    def ship_view(self, request, order_id):
        """Leverera: every open line with the quantity to deliver now and,
        for I-marked articles, its unit. All lines ship or none."""
        order = self._order_or_404(request, order_id)
        if order.kind == OrderKind.BASKET:
            # No recipient to ship to: its lines are settled per patient.
            return redirect("basket_settle", order.pk)
        lines = list(
            order.lines.filter(status__in=OPEN_LINE_STATUSES).select_related("article")
        )
        units = self._units_in_warehouse(order, lines)
        forms = [
            ShipLineForm(request.POST or None, line=line, units=units[line.article_id])
            for line in lines
        ]
        split_form = (
            SplitDeliveryForm(request.POST or None, line_forms=forms)
            if order.joint_delivery
            else None
        )
        page_error = None
        if request.method == "POST" and all(form.is_valid() for form in forms):
            chosen = [form for form in forms if form.cleaned_data["quantity"]]
            if not chosen:
                page_error = _("Ange antal att leverera på minst en rad.")
            elif split_form and not split_form.is_valid():
                page_error = split_form.non_field_errors()[0]
            elif self._ship(request, chosen):
                self.message_user(
                    request,
                    ngettext(
                        "Order %(number)s: %(count)d rad levererad.",
                        "Order %(number)s: %(count)d rader levererade.",
                        len(chosen),
                    )
                    % {"number": order.number, "count": len(chosen)},
                )
                return redirect("admin:orders_order_change", order.pk)
        return self._page(
            request,
            "admin/orders/order/ship.html",
            order,
            title=_("Leverera order %(number)s") % {"number": order.number},
            forms=forms,
            split_form=split_form,
            page_error=page_error,
            has_errors=page_error or any(form.errors for form in forms),
        )

    @staticmethod
    def _units_in_warehouse(order, lines):
        """The units of the lines' I-marked articles that wait in the
        delivering warehouse, by article: one query for all lines."""
        articles = {
            line.article_id for line in lines if line.article.individually_marked
        }
        units = defaultdict(list)
        if articles:
            for unit in Individual.objects.filter(
                article__in=articles,
                location=IndividualLocation.IN_WAREHOUSE,
                warehouse_id=order.warehouse_id,
            ).only("individual_no", "article_id"):
                units[unit.article_id].append(unit)
        return units

    @staticmethod
    def _ship(request, forms):
        """Ship the lines in one transaction; a refused line gets its error
        next to it and none of them ships."""
        refused = services.ship_lines(
            [
                (
                    form.line,
                    form.cleaned_data["quantity"],
                    form.cleaned_data["individual_no"],
                )
                for form in forms
            ],
            request.user,
        )
        for form in forms:
            if form.line in refused:
                form.add_error(None, refused[form.line])
        return not refused

    def delivery_date_view(self, request, order_id, line_id):
        order = self._order_or_404(request, order_id)
        line = get_object_or_404(order.lines.select_related("article"), pk=line_id)
        form = DeliveryDateForm(
            request.POST or None, initial={"delivery_date": line.delivery_date}
        )
        if form.is_valid():
            try:
                moved = services.change_delivery_date(
                    line,
                    form.cleaned_data["delivery_date"],
                    form.cleaned_data["reason"],
                    request.user,
                )
            except ValidationError as error:
                form.add_error("delivery_date", error)
            else:
                self.message_user(request, _date_changed_message(moved))
                return redirect("admin:orders_order_change", order.pk)
        return self._page(
            request,
            "admin/orders/order/delivery_date.html",
            order,
            title=_("Ändra leveransdatum, order %(number)s rad %(position)s")
            % {"number": order.number, "position": line.position},
            line=line,
            form=form,
        )


def _date_changed_message(moved):
    date = moved[0].delivery_date.isoformat()
    if len(moved) == 1:
        return _(
            "Leveransdatum för rad %(position)s är ändrat till %(date)s; "
            "förskrivaren har fått ett meddelande."
        ) % {"position": moved[0].position, "date": date}
    return _(
        "Ordern har samleverans: alla öppna rader (%(positions)s) levereras nu "
        "%(date)s. Förskrivaren har fått ett meddelande."
    ) % {"positions": ", ".join(str(line.position) for line in moved), "date": date}

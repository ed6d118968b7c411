"""Customer service's side of customer orders (F-18): find orders, mark them
picked, ship their lines, move delivery dates and add documents, through the
same services as the prescriber side."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.options import ShowFacets
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.choices import AccessAction
from accounts.services import log_access
from aids.choices import IndividualLocation
from aids.forms import PersonLookupForm
from aids.models import Individual, Person
from core.admin_input import DateHierarchyAdmin
from core.readonly_admin import ReadOnlyAdmin

from . import services
from .choices import OPEN_LINE_STATUSES, LineStatus, OrderStatus
from .forms.admin import (
    AttachmentAdminForm,
    DeliveryDateForm,
    ShipLineForm,
    SplitDeliveryForm,
)
from .models import Order, OrderAttachment, OrderLine

PERSON_PARAMETER = "person__id__exact"
ORDER_FIELDS = [
    "number",
    "kind",
    "status",
    "recipient",
    "customer",
    "payer",
    "prescriber",
    "warehouse",
    "executed_at",
    "delivery_date",
    "joint_delivery",
    "cancelled_at",
    "cancelled_by",
]
DELIVERY_FIELDS = [
    "recipient_phone",
    "address_name",
    "street",
    "postal_code",
    "city",
    "delivery_phone",
    "door_code",
    "instructions",
    "contact_person",
    "other_information",
]


class StatusFilter(admin.SimpleListFilter):
    """The statuses of registered orders: drafts are the prescribers' own
    work and never listed here."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (value, label)
            for value, label in OrderStatus.choices
            if value != OrderStatus.DRAFT
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class CustomerFilter(admin.ListFilter):
    """Hundreds of customers make a list of links useless: staff type the
    kundid instead."""

    title = _("kund")
    parameter_name = "kundid"
    template = "admin/orders/kundid_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.parameter_name in params:
            value = params.pop(self.parameter_name)[-1].strip()
            self.used_parameters[self.parameter_name] = value

    def value(self):
        return self.used_parameters.get(self.parameter_name, "")

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(customer__kundid=self.value())
        return queryset

    def choices(self, changelist):
        # The template's own form: the other filters ride along as hidden
        # fields so that typing a kundid keeps them.
        yield {
            "selected": not self.value(),
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Alla"),
            "value": self.value(),
            "parameter": self.parameter_name,
            "hidden": [
                (name, value)
                for name, value in changelist.params.items()
                if name not in (self.parameter_name, PAGE_VAR)
            ],
        }


class DeliveryDateFilter(admin.SimpleListFilter):
    """When the goods ship: late (the date passed and still open), today,
    the rest of this week, or later. Works on orders (their annotated date)
    and on lines alike."""

    title = _("leveransdatum")
    parameter_name = "leverans"

    def lookups(self, request, model_admin):
        return [
            ("forsenade", _("Försenade")),
            ("idag", _("Idag")),
            ("veckan", _("Resten av veckan")),
            ("senare", _("Senare")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        sunday = today + timedelta(days=6 - today.weekday())
        match self.value():
            case "forsenade":
                return queryset.filter(
                    delivery_date__lt=today, status__in=OPEN_LINE_STATUSES
                )
            case "idag":
                return queryset.filter(delivery_date=today)
            case "veckan":
                return queryset.filter(
                    delivery_date__gt=today, delivery_date__lte=sunday
                )
            case "senare":
                return queryset.filter(delivery_date__gt=sunday)
        return queryset


def _of_lines(aggregate, *conditions):
    """An aggregate of the order's lines as a subquery, not a join: the
    list's counts then leave it out, and filters on it stay in WHERE."""
    return Subquery(
        OrderLine.objects.filter(*conditions, order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(value=aggregate)
        .values("value")
    )


def recipient_name(order):
    """The name only: the personnummer is never shown in the lists."""
    if order.person_id:
        return f"{order.person.first_name} {order.person.last_name}"
    if order.care_unit_id:
        return order.care_unit.name
    return "–"


def log_listed_persons(request, response):
    """Log the patients a change list shows (Patientdatalagen)."""
    changelist = getattr(response, "context_data", {}).get("cl")
    if changelist is not None:
        persons = {
            (o.person, o.customer) for o in changelist.result_list if o.person_id
        }
        log_access(request, persons, AccessAction.VIEW)
    return response


def _individual_no(line):
    holding = line.holding
    return holding.individual.individual_no if holding and holding.individual else ""


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = [
        "position",
        "article",
        "quantity",
        "payer",
        "status",
        "delivery_date",
        "reserved_quantity",
        "delivered_quantity",
        "individual",
        "change_date",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article", "payer", "holding__individual")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("individ"))
    def individual(self, line):
        return _individual_no(line) or "–"

    @admin.display(description=_("leveransdatum"))
    def change_date(self, line):
        # The inline's blank template row has no line behind it.
        if line.pk is None or line.status not in OPEN_LINE_STATUSES:
            return "–"
        url = reverse("admin:orders_order_delivery_date", args=[line.order_id, line.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ändra leveransdatum"))


class AttachmentInline(admin.TabularInline):
    """The documents on the order, read only; new ones go through
    NewAttachmentInline."""

    model = OrderAttachment
    extra = 0
    can_delete = False
    fields = ["document", "file_size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("bilagor")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("storlek"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size)

    @admin.display(description=_("fil"))
    def document(self, attachment):
        url = reverse("order_attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


def save_new_attachments(request, form, formset, attach):
    """The files of a new-attachment inline, stored like the prescriber's
    uploads (`attach`) with the staff user as uploader; the change message
    lists them as added."""
    formset.new_objects = [
        attach(form.instance, upload, request.user, attachment_form.file_type)
        for attachment_form in formset.forms
        if (upload := attachment_form.cleaned_data.get("file"))
    ]
    formset.changed_objects = []
    formset.deleted_objects = []


class NewAttachmentInline(admin.TabularInline):
    model = OrderAttachment
    form = AttachmentAdminForm
    extra = 1
    can_delete = False
    verbose_name = _("ny bilaga")
    verbose_name_plural = _("bifoga fil")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(Order)
class OrderAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "recipient",
        "customer",
        "prescriber",
        "executed_at",
        "delivery_date",
        "line_count",
    ]
    list_filter = [StatusFilter, CustomerFilter, DeliveryDateFilter, "executed_at"]
    list_select_related = ["person", "care_unit", "customer", "prescriber"]
    search_fields = ["number__startswith", "lines__article__article_no__exact"]
    search_help_text = _("Ordernummer (början) eller artikelnummer på en rad.")
    date_hierarchy = "executed_at"
    show_facets = ShowFacets.NEVER
    actions = ["mark_picked", "cancel"]
    inlines = [OrderLineInline, AttachmentInline, NewAttachmentInline]
    change_form_template = "admin/orders/order/change_form.html"
    change_list_template = "admin/orders/order/change_list.html"
    fieldsets = [
        (None, {"fields": ORDER_FIELDS}),
        (_("Leverans"), {"fields": DELIVERY_FIELDS}),
    ]
    # Staff may correct the delivery details (the audit trail keeps the old
    # ones); what was ordered changes only through the services.
    readonly_fields = ORDER_FIELDS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=OrderStatus.DRAFT)
            .annotate(
                delivery_date=_of_lines(
                    Max("delivery_date"), ~Q(status=LineStatus.CANCELLED)
                ),
                line_count=_of_lines(Count("pk")),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mottagare"))
    def recipient(self, order):
        return recipient_name(order)

    @admin.display(description=_("leveransdatum"), ordering="delivery_date")
    def delivery_date(self, order):
        return order.delivery_date

    @admin.display(description=_("rader"), ordering="line_count")
    def line_count(self, order):
        return order.line_count

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "mottagare/",
                view(self.find_recipient_view),
                name="orders_order_find_recipient",
            ),
            path(
                "<uuid:order_id>/leverera/",
                view(self.ship_view),
                name="orders_order_ship",
            ),
            path(
                "<uuid:order_id>/rader/<int:line_id>/leveransdatum/",
                view(self.delivery_date_view),
                name="orders_order_delivery_date",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "recipient_form": PersonLookupForm(),
            "filtered_person": self._filtered_person(request),
        }
        return log_listed_persons(
            request, super().changelist_view(request, extra_context)
        )

    def _filtered_person(self, request):
        person_id = request.GET.get(PERSON_PARAMETER)
        if not person_id:
            return None
        try:
            return Person.objects.filter(pk=person_id).first()
        except ValidationError:
            return None

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Here the admin has fetched the order already: change_view would
        # have to fetch it once more for the log and the ship button.
        if obj.person_id:
            log_access(
                request, obj.person, AccessAction.VIEW, obj, customer=obj.customer
            )
        context["can_ship"] = obj.lines.filter(status__in=OPEN_LINE_STATUSES).exists()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrderAttachment:
            return super().save_formset(request, form, formset, change)
        save_new_attachments(request, form, formset, services.attach_file)

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
                request, order.person, AccessAction.VIEW, order, customer=order.customer
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

    @admin.action(description=_("Markera rader som plockade"))
    def mark_picked(self, request, queryset):
        picked = services.mark_order_picked(queryset, request.user)
        self.message_user(
            request,
            ngettext(
                "%d rad markerad som plockad.",
                "%d rader markerade som plockade.",
                picked,
            )
            % picked,
        )

    @admin.action(description=_("Makulera order"))
    def cancel(self, request, queryset):
        for order in queryset:
            try:
                services.cancel_order(order, request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{order.number}: {error.messages[0]}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("Order %(number)s är makulerad.") % {"number": order.number},
                )

    def find_recipient_view(self, request):
        """Sök mottagare: the personnummer is posted, the list is filtered by
        the person's opaque id."""
        form = PersonLookupForm(request.POST or None)
        if form.is_valid():
            log_access(request, form.person, AccessAction.SEARCH)
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


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    """The open lines to pick and ship, by delivery date; read only."""

    list_display = [
        "order_link",
        "position",
        "article",
        "quantity",
        "delivered_quantity",
        "status",
        "delivery_date",
    ]
    list_filter = ["status", DeliveryDateFilter]
    list_select_related = ["order", "article"]
    search_fields = ["order__number__startswith", "article__article_no__exact"]
    search_help_text = _("Ordernummer (början) eller artikelnummer.")
    show_facets = ShowFacets.NEVER
    ordering = ["delivery_date", "order__number", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(order__status=OrderStatus.DRAFT)

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, line):
        url = reverse("admin:orders_order_change", args=[line.order_id])
        return format_html('<a href="{}">{}</a>', url, line.order.number)

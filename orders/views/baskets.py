"""Öppna varukorgsbeställningar (F-11): the prescriber's open basket loans,
the search for a colleague's (holiday cover), and a basket's page where its
lines are settled one patient at a time. A basket is fetched through the
orders the user may see: its customer's prescribers and staff settle it,
anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.models import User
from accounts.services import log_access
from aids.care import ask_for_care_relationship, may_open
from aids.recipients import Recipient, log_view
from core.search import SearchText, capped, containing_words

from .. import services
from ..choices import OPEN_LINE_STATUSES, OPEN_ORDER_STATUSES, OrderKind, OrderStatus
from ..forms.baskets import BasketSearchForm, SettleForm
from ..models import Order, OrderLine

MAX_FOUND = 100


def _with_lines_left(baskets):
    """The open lines counted per basket listed, by a subquery rather than
    a join: a search's first 100 of thousands are counted, not all."""
    open_lines = (
        OrderLine.objects.filter(order=OuterRef("pk"), status__in=OPEN_LINE_STATUSES)
        .order_by()
        .values("order")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return baskets.select_related("customer", "prescriber", "warehouse").annotate(
        lines_left=Coalesce(Subquery(open_lines), 0)
    )


def _search(user, text, is_number):
    """Open baskets of the user's customers whose number begins with `text`
    (digits) or whose prescriber's name contains every word of it."""
    baskets = Order.objects.visible_to(user).open_baskets()
    if is_number:
        baskets = baskets.filter(number__startswith=text)
    else:
        # The names of the users, far fewer than the baskets, are searched
        # first; the open baskets of those found then come by index.
        named = User.objects.annotate(
            search_name=SearchText(
                Concat("first_name", Value(" "), "last_name", Value(" "), "username")
            )
        )
        baskets = baskets.filter(
            prescriber__in=containing_words(named, "search_name", text).values("pk")
        )
    return capped(_with_lines_left(baskets).order_by("due_on", "number"), MAX_FOUND)


@never_cache
def index(request):
    """The user's own open baskets, due first, and Sök for others'. A
    basket shows no patient: nothing is logged."""
    user = request.user
    own = list(
        _with_lines_left(Order.objects.open_baskets().filter(prescriber=user)).order_by(
            "due_on", "number"
        )
    )
    form = BasketSearchForm(request.GET or None)
    found = (
        _search(user, form.cleaned_data["q"], form.is_number)
        if form.is_valid()
        else None
    )
    return render(
        request,
        "orders/baskets.html",
        {
            "baskets": own,
            "today": timezone.localdate(),
            "form": form,
            "found": found and found.hits,
            "searched": found is not None,
            "too_many": found is not None and found.too_many,
            "max_found": MAX_FOUND,
        },
    )


def _basket_or_404(request, order_id):
    return get_object_or_404(
        Order.objects.visible_to(request.user)
        .filter(kind=OrderKind.BASKET)
        .exclude(status=OrderStatus.DRAFT)
        .select_related("customer__default_payer", "prescriber", "warehouse"),
        pk=order_id,
    )


# The patient's name is in the message after Verkställ, on the page the
# redirect shows: never stored by a browser or proxy.
@never_cache
def settle(request, order_id):
    """A basket's page: its lines, and for the open ones Betalare, Leverans
    and Ta bort for the patient shown with Visa mottagare; Verkställ
    settles them (services.settle_basket)."""
    order = _basket_or_404(request, order_id)
    lines = list(
        order.lines.select_related(
            "article", "payer", "individual", "settled_by", "holding__person"
        ).order_by("position")
    )
    open_lines = [line for line in lines if line.status in OPEN_LINE_STATUSES]
    settled_lines = [line for line in lines if line.status not in OPEN_LINE_STATUSES]
    form = SettleForm(
        request.POST if request.method == "POST" else None,
        order=order,
        lines=open_lines,
        settled=settled_lines,
    )
    if request.method == "POST" and open_lines:
        valid = form.is_valid()
        person = form.person
        if person and not may_open(request, person):
            # Asked before the patient is shown; the page follows again.
            return ask_for_care_relationship(
                request, person, reverse("basket_settle", args=[order.pk])
            )
        if valid and form.executing:
            if settled := _settle(request, order, form):
                return settled
    shown = form.shows_person
    if shown:
        log_view(request, Recipient(person=shown), order, customer=order.customer)
    _log_receivers(request, order, lines)
    return render(
        request,
        "orders/basket.html",
        {
            "order": order,
            "open_lines": open_lines,
            "settled_lines": settled_lines,
            "form": form,
            "shown_person": shown,
            "overdue": order.due_on and order.due_on < timezone.localdate(),
            "is_open": order.status in OPEN_ORDER_STATUSES,
        },
    )


def _settle(request, order, form):
    """Verkställ; a redirect when done, None when refused (the refusal on
    the form, at the top)."""
    deliveries, returns = form.deliveries(), form.returns()
    person = form.person if deliveries else None
    try:
        order = services.settle_basket(
            order, request.user, person=person, deliveries=deliveries, returns=returns
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if deliveries:
        messages.success(
            request,
            _("Levererat till %(name)s: %(lines)s.")
            % {"name": str(person), "lines": _described(deliveries)},
        )
    if returns:
        messages.success(
            request,
            _("Återlämnat till förråd %(store)s: %(lines)s.")
            % {"store": order.warehouse.code, "lines": _described(returns)},
        )
    if order.status in OPEN_ORDER_STATUSES:
        return redirect("basket_settle", order.pk)
    messages.info(
        request,
        _("Varukorg %(number)s har inga öppna rader kvar och är stängd.")
        % {"number": order.number},
    )
    return redirect("basket_index")


def _described(lines):
    return ", ".join(
        _("rad %(position)s %(article)s")
        % {
            "position": line.position,
            "article": f"{line.article.article_no} {line.article.name}"
            + (f" ({line.individual.individual_no})" if line.individual_id else ""),
        }
        for line in lines
    )


def _log_receivers(request, order, lines):
    """The patients the settled lines went to are on the page too."""
    persons = {
        line.holding.person
        for line in lines
        if line.holding_id and line.holding.person_id
    }
    if persons:
        log_access(
            access_context(request),
            list(persons),
            AccessAction.VIEW,
            order,
            customer=order.customer,
        )


urlpatterns = [
    path("varukorgar/", index, name="basket_index"),
    path("varukorgar/<uuid:order_id>/", settle, name="basket_settle"),
]

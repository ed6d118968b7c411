"""Beställa hjälpmedel (F-04), steps 1–3: Mottagare, Kund/leveransadress,
Orderrader, where the outgoing alternatives (F-06) are chosen under their
lines. Every step saves the draft, so the prescriber can leave and come
back."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Customer
from aids.care import ask_for_care_relationship, care_relationship_required, may_open
from aids.recipients import KEY, deceased_refusal, log_view, recipient_or_404
from core.redirects import local_url

from .. import services
from ..choices import STORE_KINDS, OrderKind
from ..forms.articles import OrderArticlesForm
from ..forms.lines import LinesForm
from ..forms.recipient import (
    NEW,
    CustomerForm,
    OrderRecipientForm,
    StartForm,
    must_choose,
)
from ..models import Order
from .common import CURRENT_DRAFT, current_draft, draft_or_404, step_context

# Article numbers ticked before any draft existed; step 1 adds them.
WAITING_ARTICLES = "order_waiting_articles"
STALE_NOTE = _(
    "Beställningen har ändrats sedan sidan visades, så ändringarna sparades "
    "inte. Kontrollera raderna och spara igen."
)
PURCHASE_NOTE = _("Ditt val innebär ett nyinköp och ett senare leveransdatum.")


def _log_patient(request, order):
    log_view(request, order.recipient, order, customer=order.customer)


def _after_lines_added(order):
    """Where to go once lines are on the draft: the lines, where any choice
    of alternative waits under its line with the focus (or the customer,
    not yet chosen)."""
    if order.customer_id is None:
        return redirect("order_customer", order.pk)
    return redirect("order_lines", order.pk)


def _recipient_drafts(user, recipient, kind=OrderKind.ORDER, store=None):
    """The user's drafts of this kind (and store) for the recipient, newest
    first, with their number of lines: the ones Beställ offers to continue."""
    drafts = Order.objects.drafts_of(user).filter(
        kind=kind, person=recipient.person, care_unit=recipient.care_unit
    )
    if kind in STORE_KINDS:
        drafts = drafts.filter(warehouse=store)
    return list(drafts.annotate(line_count=Count("lines")).order_by("-updated_at"))


def _kind_query(kind, store):
    """What carries a withdrawal's kind and store to the recipient's page."""
    if kind not in STORE_KINDS:
        return ""
    return "?" + urlencode({"typ": kind, "forrad": store.code})


def _start(request, recipient, token, order=None, articles=(), kind=None, store=None):
    """Continue `order`, or start the token's new draft of `kind` for
    `recipient` (made once however often the form is sent); the articles
    handed over and those waiting in the session go on it."""
    kind = kind or OrderKind.ORDER
    waiting = OrderArticlesForm({"articles": request.session.get(WAITING_ARTICLES, [])})
    if waiting.is_valid():
        articles = [*articles, *waiting.cleaned_data["articles"]]
    try:
        order, lines = services.start_or_reuse_draft(
            request.user, recipient, token, order, articles, kind=kind, store=store
        )
    except ValidationError as error:
        # The form was used already, or the draft executed in another tab.
        messages.error(request, " ".join(error.messages))
        if recipient.person or recipient.care_unit:
            return redirect(
                reverse("order_new_for", args=[recipient.key])
                + _kind_query(kind, store)
            )
        return redirect("order_new")
    request.session.pop(WAITING_ARTICLES, None)
    request.session[CURRENT_DRAFT] = str(order.pk)
    if lines:
        messages.success(request, _lines_added_message(lines))
    return _after_lines_added(order)


def _lines_added_message(lines):
    numbers = ", ".join(line.article.article_no for line in lines)
    return ngettext(
        "Artikel %(numbers)s är tillagd på beställningen.",
        "Artiklarna %(numbers)s är tillagda på beställningen.",
        len(lines),
    ) % {"numbers": numbers}


# A refused or fruitless search shows the typed personnummer again, with no
# person logged (which is what makes a page no-store): never_cache for that.
@never_cache
def order_new(request):
    """Step 1, Mottagare: a patient by personnummer (POST only) or a care
    unit, and for a prescriber with a local store the kind: Beställning,
    Uttag ur eget förråd or Artiklar i varukorg (no recipient). With drafts
    of the kind for that recipient already, the next page asks whether to
    continue one."""
    form = OrderRecipientForm(
        request.POST or None,
        user=request.user,
        initial={"token": uuid.uuid4(), **_kind_asked(request)},
    )
    if form.is_valid():
        recipient, token = form.recipient, form.cleaned_data["token"]
        kind, store = form.cleaned_data["kind"], form.cleaned_data["store"]
        if kind == OrderKind.BASKET:
            return _start(request, recipient, token, kind=kind, store=store)
        person = recipient.person
        recipient_page = reverse("order_new_for", args=[recipient.key]) + _kind_query(
            kind, store
        )
        if person and not may_open(request, person):
            # Asked before any of the patient's data is shown; the draft is
            # made on the recipient's page that follows.
            return ask_for_care_relationship(request, person, recipient_page)
        if person:
            log_view(request, recipient)
        if must_choose(_recipient_drafts(request.user, recipient, kind, store), token):
            return redirect(recipient_page)
        return _start(request, recipient, token, kind=kind, store=store)
    return render(
        request,
        "orders/new.html",
        {"form": form, "waiting": request.session.get(WAITING_ARTICLES, [])},
    )


def _kind_asked(request):
    """The kind a link asks for, as the form's initial: the menu's Varukorg
    starts a basket."""
    asked = request.GET.get("typ")
    return {"kind": asked} if asked in {OrderKind.WITHDRAWAL, OrderKind.BASKET} else {}


@care_relationship_required
def order_new_for(request, key):
    """Step 1 for a chosen recipient (their aids page, a CFR hit, Beställ on
    an aid's page): continue one of the user's drafts for them or start a
    new one; only the POST makes or changes a draft. An aid's page sends its
    article without a choice, which is asked for only when there is a
    draft to continue."""
    recipient = recipient_or_404(request.user, key)
    if refusal := deceased_refusal(recipient.person, services.DECEASED):
        messages.error(request, refusal)
        return redirect("recipient_aids", recipient.key)
    log_view(request, recipient)
    kind, store = _kind_of_page(request)
    drafts = _recipient_drafts(request.user, recipient, kind, store)
    form = StartForm(
        request.POST or None,
        drafts=drafts,
        user=request.user,
        initial={
            "token": uuid.uuid4(),
            "kind": kind,
            "store": store and store.code,
        },
    )
    if form.is_valid() and form.decided():
        data = form.cleaned_data
        if data["kind"] == OrderKind.BASKET:
            form.add_error("kind", _("Artiklar i varukorg har ingen mottagare."))
        else:
            return _start(
                request,
                recipient,
                data["token"],
                form.draft(),
                data["articles"],
                kind=data["kind"],
                store=data["store"],
            )
    handed = form.cleaned_data["articles"] if form.is_valid() else []
    waiting = [article.article_no for article in handed]
    return render(
        request,
        "orders/new_for.html",
        {
            "recipient": recipient,
            "form": form,
            "drafts": drafts,
            "new": NEW,
            "waiting": [*waiting, *request.session.get(WAITING_ARTICLES, [])],
            "kind": kind,
            "store": store,
        },
    )


def _kind_of_page(request):
    """The withdrawal's kind and store the page's link carries (from Ny
    beställning), when they are the user's to use; a Beställning otherwise.
    What the form posts is checked again by the form."""
    kind = request.GET.get("typ")
    if kind != OrderKind.WITHDRAWAL:
        return OrderKind.ORDER, None
    store = next(
        (
            store
            for store in services.local_stores_of(request.user)
            if store.code == request.GET.get("forrad")
        ),
        None,
    )
    return (OrderKind.WITHDRAWAL, store) if store else (OrderKind.ORDER, None)


def order_customer(request, order_id):
    """Step 2, Kund/leveransadress."""
    order = draft_or_404(request, order_id)
    form = CustomerForm(
        request.POST or None,
        user=request.user,
        order=order,
        initial={"customer": order.customer_id},
    )
    if form.is_valid():
        try:
            services.choose_customer(order, form.cleaned_data["customer"])
        except ValidationError as error:
            form.add_error("customer", error)
        else:
            return redirect("order_lines", order.pk)
    _log_patient(request, order)
    return render(request, "orders/customer.html", step_context(order, form=form))


def _changed_since_shown(request, order):
    """A repeated or stale POST (double click, second tab) is not applied
    again: the page carries the draft's last change time."""
    return request.POST.get("version") != services.draft_version(order)


def _go(request, url_name, *args):
    """Redirect; a request from htmx is sent on as a full page load."""
    url = reverse(url_name, args=args)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _stale(request, order):
    messages.warning(request, STALE_NOTE)
    return _go(request, "order_lines", order.pk)


def _lines_form(order, data=None, focus_choice=True):
    """The page's formset over the draft's lines, with the choices of the
    lines waiting for the outgoing alternative (the same queries however
    many lines)."""
    lines = list(
        order.lines.select_related(
            "article__supplier", "payer", "individual", "outside_request"
        ).order_by("position")
    )
    waiting = [line for line in lines if line.alternatives_pending]
    return LinesForm(
        lines,
        data,
        alternatives=services.alternatives_of(waiting, order.warehouse_id),
        focus_choice=focus_choice,
        from_store=order.kind in STORE_KINDS,
        order=order,
    )


def _units_on_shelf(order, form):
    """[(article id, units)] offered for the Individnummer of the I-marked
    lines of a withdrawal or a basket: the units on the store's shelf, in
    one query for all the lines."""
    articles = {
        row.line.article_id: row.line.article
        for row in form
        if "individual" in row.fields
    }
    if not articles:
        return []
    return list(services.units_on_shelf(order.warehouse, articles.values()).items())


def order_lines(request, order_id):
    """Step 3, Orderrader: add a line, change quantities and payers, remove
    lines, take a line's outgoing alternative (its own Verkställ); any
    button saves all of it at once."""
    order = draft_or_404(request, order_id)
    if order.customer_id is None:
        return redirect("order_customer", order.pk)
    if request.method == "POST" and _changed_since_shown(request, order):
        return _stale(request, order)
    form = _lines_form(order, request.POST or None)
    saved = purchase = False
    if request.method == "POST" and form.is_valid():
        try:
            added = services.save_lines(
                order,
                request.POST.get("version"),
                form.changes,
                form.removed,
                form.new_line,
                form.choice,
                form.individuals,
            )
        except services.StaleDraft:
            return _stale(request, order)
        except ValidationError as error:
            form.add_error(error)
        else:
            # Fortsätt shows a line waiting for its choice, with the focus,
            # rather than passing it over: it would deliver the ordered
            # article while the page showed another one ticked.
            continuing = "continue" in request.POST
            if (
                continuing
                and not order.lines.filter(alternatives_pending=True).exists()
            ):
                return _go(request, "order_delivery", order.pk)
            waiting = continuing or any(line.alternatives_pending for line in added)
            purchase = form.purchase
            if not request.htmx:
                messages.success(request, _("Orderraderna är sparade."))
                if purchase:
                    messages.warning(request, PURCHASE_NOTE)
                return redirect("order_lines", order.pk)
            # In place: the lines as saved, an empty add row, and the focus
            # on the next choice when one was added or taken.
            form = _lines_form(order, focus_choice=waiting or form.choice is not None)
            saved = True
    _log_patient(request, order)
    return render(
        request,
        "orders/lines.html#lines-form" if request.htmx else "orders/lines.html",
        step_context(
            order,
            form=form,
            saved=saved,
            purchase=purchase,
            purchase_note=PURCHASE_NOTE,
            version=services.draft_version(order),
            max_quantity=services.MAX_QUANTITY,
            units=_units_on_shelf(order, form),
        ),
    )


@require_POST
def order_add_articles(request):
    """Beställ from Sök artikel or an article's page: the articles go on the
    current draft as lines of 1. Without a draft they wait in the session
    until the recipient is chosen."""
    form = OrderArticlesForm(request.POST)
    if not form.is_valid():
        for error in form.errors["articles"]:
            messages.error(request, error)
        # Back to the page the articles were ticked on, when it is one of ours.
        return redirect(
            local_url(request, request.POST.get("next", ""), reverse("article_search"))
        )
    articles = form.cleaned_data["articles"]
    order = current_draft(request)
    if order is None:
        request.session[WAITING_ARTICLES] = [a.article_no for a in articles]
        messages.info(
            request,
            _(
                "Välj mottagare först. De markerade artiklarna läggs sedan till "
                "på beställningen."
            ),
        )
        return redirect("order_new")
    try:
        lines = services.add_articles(order, articles)
    except ValidationError as error:
        # A withdrawal or a basket takes only what its store keeps.
        messages.error(request, " ".join(error.messages))
        return _after_lines_added(order)
    if lines:
        messages.success(request, _lines_added_message(lines))
    else:
        messages.info(request, _("Artiklarna finns redan på beställningen."))
    return _after_lines_added(order)


def payer_list(request):
    """Förteckning över kundid och betalarid, for finding the right payer."""
    customers = Customer.objects.select_related("default_payer").order_by("kundid")
    return render(request, "orders/payer_list.html", {"customers": customers})


urlpatterns = [
    path("ny/", order_new, name="order_new"),
    re_path(rf"^ny/{KEY}/$", order_new_for, name="order_new_for"),
    path("<uuid:order_id>/kund/", order_customer, name="order_customer"),
    path("<uuid:order_id>/rader/", order_lines, name="order_lines"),
    path("lagg-till/", order_add_articles, name="order_add_articles"),
    path("betalare/", payer_list, name="payer_list"),
]

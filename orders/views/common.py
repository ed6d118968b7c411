"""Lookups shared by the order pages: every order is fetched through a
queryset limited to what the user may see, so someone else's id is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import AttachmentForm

from ..choices import STORE_KINDS
from ..models import Order
from ..services import local_stores_of

# Remembered in the session: the draft that Sök artikel's "Beställ" adds to.
CURRENT_DRAFT = "current_order"
# Remembered at login: the user may take from a local store, so the menu
# offers Varukorg (read on every page, so not asked on every page). The
# pages themselves check the stores again.
HAS_LOCAL_STORES = "has_local_stores"


def remember_local_stores(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_LOCAL_STORES] = local_stores_of(user).exists()


def draft_or_404(request, order_id):
    """The user's own draft; also remembered as the current one. The
    recipient's saved details are left to the one step that shows them: two
    more joins cost every step more than that step's own query."""
    order = get_object_or_404(
        Order.objects.drafts_of(request.user).select_related(
            "person", "care_unit", "customer", "payer", "warehouse"
        ),
        pk=order_id,
    )
    # Set only when it changes: setting it writes the session.
    if request.session.get(CURRENT_DRAFT) != str(order.pk):
        request.session[CURRENT_DRAFT] = str(order.pk)
    return order


def current_draft(request):
    """The draft that Beställ in Sök artikel adds to, while it is still the
    user's draft; None otherwise."""
    order_id = request.session.get(CURRENT_DRAFT)
    if not order_id:
        return None
    return (
        Order.objects.drafts_of(request.user)
        .select_related("person", "care_unit")
        .filter(pk=order_id)
        .first()
    )


def order_or_404(request, order_id, queryset=None):
    """An executed order the user may see (a customer's prescribers, staff)."""
    orders = (
        (queryset or Order.objects).visible_to(request.user).exclude(status="draft")
    )
    return get_object_or_404(
        orders.select_related(
            "person", "care_unit", "customer", "payer", "warehouse", "prescriber"
        ),
        pk=order_id,
    )


ORDER_STEPS = [
    ("order_customer", _("Kund/leveransadress")),
    ("order_lines", _("Orderrader")),
    ("order_delivery", _("Leverans")),
]


def step_context(order, **context):
    """What _draft_header.html needs, plus the page's own context."""
    return {
        "order": order,
        "order_steps": ORDER_STEPS,
        "from_store": order.kind in STORE_KINDS,
        **context,
    }


def add_files(request, owner, attach, page, back):
    """Bifoga fil posted on an order's or a work order's page: each file
    checked and stored with `attach(owner, upload, user, file_type)`. Bad
    files show the `page(form)` again with the reasons next to the field."""
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return page(form)
    if not form.attachments:
        messages.error(request, gettext("Välj minst en fil att bifoga."))
        return redirect(back)
    for upload, file_type in form.attachments:
        attach(owner, upload, request.user, file_type)
    messages.success(
        request,
        gettext("%(count)s fil(er) bifogade.") % {"count": len(form.attachments)},
    )
    return redirect(back)

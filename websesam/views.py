from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Func, IntegerField, Subquery
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import services as accounts_services
from accounts.forms import MyDetailsForm
from accounts.models import Customer, Payer
from accounts.signals import previous_login
from notices.models import Message, MessageKind, News
from orders.delivery import add_working_days
from orders.models import Order
from pickups.models import PickupOrder
from workorders.models import WorkOrder

from .context_processors import site

# A basket due within this many working days is shown before it is late.
BASKET_WARNING_DAYS = 2


def _count(queryset, field="pk", distinct=False):
    """COUNT of the queryset as a scalar subquery: not an aggregate of the
    outer query, so no GROUP BY, and one query for all the counts."""
    count = Func(F(field), function="COUNT", output_field=IntegerField())
    if distinct:
        count.template = "%(function)s(DISTINCT %(expressions)s)"
    return Subquery(queryset.order_by().values(n=count))


def attention(user, since, today):
    """Översikt: what needs the prescriber's attention. Each app says what
    it counts (its own queryset), here the counts go side by side in one
    query. `since` is the previous login (None at the first login: then
    everything counts)."""
    baskets = Order.objects.open_baskets().filter(prescriber=user)
    counts = {
        "drafts": _count(Order.objects.drafts_of(user)),
        "open_baskets": _count(baskets),
        "baskets_due": _count(
            baskets.filter(due_on__lte=add_working_days(today, BASKET_WARNING_DAYS))
        ),
        # One move of several lines, or several moves, are one order.
        "delivery_dates_changed": _count(
            Message.objects.since(user, MessageKind.DELIVERY_DATE, since),
            "about_id",
            distinct=True,
        ),
        "work_orders_completed": _count(WorkOrder.objects.completed_for(user, since)),
        "pickups_closed": _count(PickupOrder.objects.closed_for(user, since)),
        "orders_delayed": _count(Order.objects.delayed_of(user, today)),
    }
    return get_user_model().objects.filter(pk=user.pk).values(**counts).get()


@never_cache
def start(request):
    return render(
        request,
        "start.html",
        {
            "news": News.objects.current(),
            "attention": attention(
                request.user, previous_login(request), timezone.localdate()
            ),
            "personal_messages": Message.objects.inbox(request.user),
        },
    )


def my_details(request):
    """Dina uppgifter: Mina uppgifter (the user's details, the customers they
    order for with their default payers, the payers whose invoices they see,
    Verkställ), the way to the user's orders, baskets, templates, work orders
    and pickups, and the personal messages. Here, above accounts and notices, because it shows both."""
    user = request.user
    form = MyDetailsForm.of(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        sent_to = accounts_services.update_my_details(user, **form.cleaned_data)
        messages.success(request, _("Dina uppgifter är sparade."))
        if sent_to:
            messages.info(
                request,
                _(
                    "Vi har skickat en länk till %(email)s. Den nya e-postadressen "
                    "gäller när du har öppnat länken, inom %(days)s dagar."
                )
                % {
                    "email": sent_to,
                    "days": accounts_services.EMAIL_CHANGE_MAX_AGE.days,
                },
            )
        return redirect("my_details")
    customers = (
        Customer.objects.filter(authorisations__user=user)
        .select_related("default_payer")
        .order_by("kundid")
    )
    return render(
        request,
        "accounts/my_details.html",
        {
            "form": form,
            "customers": customers,
            "payers": Payer.objects.filter(authorisations__user=user).order_by(
                "betalarid"
            ),
            "personal_messages": Message.objects.inbox(user),
        },
    )


@login_not_required
def help_page(request, topic):
    """Help for one page, named by its URL name; the general help otherwise.
    Open without login, so that the login page has help too. Only URL names
    are looked up as files: any other text (5,000 letters) goes no further."""
    topics = (
        [f"help/topics/{topic}.html"] if topic in get_resolver().reverse_dict else []
    )
    return render(request, [*topics, "help/topics/general.html"])


def manuals(request):
    return render(request, "manuals.html")


@login_not_required
def accessibility_statement(request):
    """Tillgänglighetsredogörelse (lag 2018:1937): public, like the law asks."""
    return render(request, "accessibility_statement.html")


def server_error(request):
    """The 500 page in the site's layout, rendered without the request: its
    context processors would read the session and the user from a database
    that may be what failed. Customer service's number is all it adds."""
    return HttpResponseServerError(render_to_string("500.html", site(request)))


def csrf_failure(request, reason=""):
    """Django's own CSRF page is in English and outside the layout."""
    return render(request, "403_csrf.html", status=403)

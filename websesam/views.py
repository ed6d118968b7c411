from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.views.decorators.cache import never_cache

from notices.models import Message, News
from orders.models import Order

from .context_processors import site


@never_cache
def start(request):
    return render(
        request,
        "start.html",
        {
            "news": News.objects.current(),
            "has_drafts": Order.objects.drafts_of(request.user).exists(),
            "open_baskets": Order.objects.open_baskets()
            .filter(prescriber=request.user)
            .count(),
            "personal_messages": Message.objects.filter(recipient=request.user).only(
                "id", "subject", "created_at", "read_at"
            ),
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

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from notices.models import Message, News
from orders.models import Order


@never_cache
def start(request):
    return render(
        request,
        "start.html",
        {
            "news": News.objects.current(),
            "has_drafts": Order.objects.drafts_of(request.user).exists(),
            "personal_messages": Message.objects.filter(recipient=request.user).only(
                "id", "subject", "created_at", "read_at"
            ),
        },
    )


@login_not_required
def help_page(request, topic):
    """Help for one page, named by its URL name; the general help otherwise.
    Open without login, so that the login page has help too."""
    return render(request, [f"help/topics/{topic}.html", "help/topics/general.html"])


def manuals(request):
    return render(request, "manuals.html")

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .models import Message
from .services import delete_message, mark_read


def _get_own_message(request, message_id):
    return get_object_or_404(
        Message.objects.filter(recipient=request.user), pk=message_id
    )


@never_cache
def message_detail(request, message_id):
    message = _get_own_message(request, message_id)
    mark_read(message)
    return render(request, "notices/message_detail.html", {"message": message})


@never_cache
def message_delete(request, message_id):
    """Ta bort: the GET asks first, Ja posts."""
    message = _get_own_message(request, message_id)
    if request.method != "POST":
        return render(request, "notices/message_delete.html", {"message": message})
    delete_message(message)
    messages.success(request, _("Meddelandet är borttaget."))
    return redirect("start")

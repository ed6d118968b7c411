"""Bekräfta vårdrelation: asked before a patient's pages when none of the
user's customers has an order, aid, pickup or work order with the patient;
then on to the page that was asked for."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.redirects import local_url

from ..care import may_open
from ..forms import CareRelationshipForm
from ..models import Person
from ..recipients import Recipient, log_view
from ..services import confirm_care_relationship


@never_cache
def confirm(request, person_id):
    person = get_object_or_404(Person, pk=person_id)
    # The page asked for, if it is one of this site's; else the patient's aids.
    next_url = local_url(
        request,
        request.GET.get("next", ""),
        reverse("recipient_aids", args=[person.pk]),
    )
    if may_open(request, person):
        return redirect(next_url)
    form = CareRelationshipForm(request.POST or None)
    if form.is_valid():
        confirmation = confirm_care_relationship(
            request.user,
            person,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"].strip(),
            session_key=request.session.session_key,
        )
        log_access(access_context(request), person, AccessAction.CONFIRM, confirmation)
        return redirect(next_url)
    recipient = Recipient(person=person)
    log_view(request, recipient)
    return render(
        request,
        "aids/care_relationship.html",
        {"recipient": recipient, "form": form, "next_url": next_url},
    )

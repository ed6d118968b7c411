"""Individkort (F-14): one individually marked unit, where it is, who has it
and its history."""

from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access

from ..forms import IndividualSearchForm
from ..models import Individual, Person


def individual_search(request):
    # Individual numbers are not personal data: the search may be a GET.
    form = IndividualSearchForm(request.GET or None)
    if form.is_valid():
        return redirect("individual_card", form.cleaned_data["individual_no"])
    return render(request, "aids/individual_search.html", {"form": form})


def individual_card(request, individual_no):
    individual = get_object_or_404(
        Individual.objects.select_related("article", "warehouse"),
        individual_no=individual_no,
    )
    holding = (
        individual.holdings.filter(returned_on__isnull=True)
        .select_related("person", "care_unit")
        .first()
    )
    history = list(
        individual.history.select_related("person", "care_unit", "warehouse")
    )
    shown = ([holding] if holding else []) + history
    persons = {row.person_id: row.person for row in shown if row.person_id}
    opened = _opened(request, persons)
    if opened:
        log_access(
            access_context(request),
            [persons[pk] for pk in opened],
            AccessAction.VIEW,
            individual,
        )
    return render(
        request,
        "aids/individual_card.html",
        {
            "form": IndividualSearchForm(initial={"individual_no": individual_no}),
            "individual": individual,
            "holding": holding,
            "history": history,
            "visible_care_units": _visible_care_units(request.user, shown),
            "opened_persons": opened,
        },
    )


def _opened(request, persons):
    """The patients on the card the user has a care relationship with: only
    they are shown; the others are one confirmation away."""
    if not persons:
        return set()
    return set(
        Person.objects.filter(pk__in=persons)
        .cared_for_by(request.user, request.session.session_key)
        .values_list("pk", flat=True)
    )


def _visible_care_units(user, rows):
    """The care units on the page whose details the user may see: those of
    the customers they are authorised for, all of them for staff."""
    care_units = {row.care_unit_id for row in rows if row.care_unit_id}
    if user.is_staff or not care_units:
        return care_units
    return set(
        user.authorisations.filter(customer__in=care_units).values_list(
            "customer_id", flat=True
        )
    )

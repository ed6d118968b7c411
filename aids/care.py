"""Care relationship before access (vårdrelation): any prescriber may look a
patient up by full personnummer to order for them, but opening a patient
with whom none of their customers has an order, aid, pickup or work order
first asks them to confirm a care relationship, once per session."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .models import Person

# The URL argument that names the recipient on the pages of one recipient: a
# person's UUID, or a care unit's 5-digit code (a care unit is not a person).
RECIPIENT_ARGUMENTS = ("key", "person_id")


def has_care_relationship(user, person, session_key=None):
    """Whether `user` may open `person` (a Person or its id) without being
    asked: through their customers, or confirmed in the session `session_key`."""
    person_id = getattr(person, "pk", person)
    return Person.objects.filter(pk=person_id).cared_for_by(user, session_key).exists()


def may_open(request, person):
    return has_care_relationship(request.user, person, request.session.session_key)


def ask_for_care_relationship(request, person, next_url=None):
    """The confirmation page, which continues to `next_url` (by default the
    page asked for; a POST continues to the page itself, not its action)."""
    if next_url is None:
        next_url = request.get_full_path() if request.method == "GET" else request.path
    url = reverse("care_relationship", args=[getattr(person, "pk", person)])
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def care_relationship_required(view):
    """For the pages of one recipient, named in the URL by `key` or
    `person_id`: a patient without a care relationship is asked for first,
    for reading and for changing alike."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        person_id = next(
            (str(kwargs[name]) for name in RECIPIENT_ARGUMENTS if name in kwargs), None
        )
        is_person = person_id is not None and not person_id.isdigit()
        if is_person and not may_open(request, person_id):
            return ask_for_care_relationship(request, person_id)
        return view(request, *args, **kwargs)

    return checked

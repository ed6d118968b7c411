"""A form's token becomes the id of what the form registers (a draft, a
pickup, a work order): the same form sent again finds what it made instead
of making a second one."""

import uuid

from django.core.exceptions import ValidationError


def made_with_token(queryset, token, refusal, **sender):
    """What the form with `token` registered, if anything: the same form
    sent again. `sender` names the fields that make it the same (the
    prescriber, the patient, the aid); a token that is the id of anything
    else is refused with `refusal`, code "token", without a word about what
    it is the id of."""
    made = queryset.filter(pk=token).first()
    if made is not None and any(
        getattr(made, name) != value for name, value in sender.items()
    ):
        raise ValidationError(refusal, code="token")
    return made


def renew_token(form):
    """Give a bound form a new token. For a token refused because it is
    already the id of something else: sent again, the form registers anew."""
    form.data = form.data.copy()
    form.data[form.add_prefix("token")] = str(uuid.uuid4())

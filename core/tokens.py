"""A form's token: the id of what the form registers, so that a form sent
twice registers once."""

import uuid


def renew_token(form):
    """Give a bound form a new token (a form's token becomes the id of what
    it registers). For a token refused because it is already the id of
    something else: sent again, the form registers anew."""
    form.data = form.data.copy()
    form.data[form.add_prefix("token")] = str(uuid.uuid4())

from axes.models import AccessAttempt

USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def axes_username(request, credentials):
    """The username django-axes records and counts failures for (settings
    AXES_USERNAME_CALLABLE): as typed, cut to what its tables hold, whichever
    login form or backend it came through. Axes' own default, otherwise."""
    source = credentials or request.POST
    username = source.get("username")
    if username is None:
        # A login through the identity provider: the identity it vouched
        # for, once known (accounts.oidc).
        username = getattr(request, "oidc_identity", None)
    return username[:USERNAME_MAX_LENGTH] if username else username

"""Back to where the user came from after a form: the page named in its
`next`, when that page is one of this site's."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, url, fallback):
    """`url` if it is a path on this site, else `fallback`."""
    # A path: redirect() would take any other word for a URL name to reverse.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback

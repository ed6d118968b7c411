"""Small helpers shared by the accounts tests."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

from tests.factories import PASSWORD


def log_in(client, username, password=PASSWORD, **extra):
    """The real login: a POST to the login page, through django-axes."""
    return client.post(
        reverse("login"), {"username": username, "password": password}, **extra
    )


def link_in(message):
    """The only link in a mail, as a path the test client can open."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, urls
    return urlsplit(urls[0]).path


def choose_password(client, link, password):
    """Open an activation or reset link and choose a password there."""
    response = client.get(link)
    # Django moves the token out of the URL into the session, then redirects.
    assert response.status_code == 302
    set_password_url = response.url
    assert set_password_url.endswith("/set-password/")
    response = client.get(set_password_url)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    return client.post(
        set_password_url, {"new_password1": password, "new_password2": password}
    )


def is_logged_in(client):
    return "_auth_user_id" in client.session

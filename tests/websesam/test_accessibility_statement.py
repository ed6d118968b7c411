"""The accessibility statement (issue 10, point 27): public, with what the
law asks for, and linked from every page's footer, the admin's too."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINK = f'<a href="{reverse("accessibility_statement")}">Tillgänglighetsredogörelse</a>'


def test_anyone_can_read_the_statement_without_logging_in(client):
    response = client.get(reverse("accessibility_statement"))

    assert response.status_code == 200
    text = response.text
    assert "<h1>Tillgänglighetsredogörelse för webSesam</h1>" in text
    assert "WCAG 2.1 på nivå AA" in text
    assert "EN 301 549" in text
    assert "PDF" in text
    assert "Djangos standardadministration" in text
    # How to report a problem, and how long the answer takes.
    assert "telefon 090-785 93 65, e-post hmv.kundtjanst@vll.se" in text
    assert "inom två veckor" in text
    assert "Myndigheten för digital förvaltning (Digg)" in text
    assert 'href="https://www.digg.se/tdosanmalan"' in text
    assert "granskades senast den 2 december 2026" in text


def test_the_login_page_links_to_it(client):
    assert LINK in client.get(reverse("login")).text


def test_the_start_page_links_to_it(client, prescriber):
    client.force_login(prescriber)

    assert LINK in client.get(reverse("start")).text


def test_the_admin_links_to_it(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert LINK in response.text

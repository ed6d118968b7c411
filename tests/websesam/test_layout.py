"""The header and menu that every page shares (templates/base.html, menu.html)."""

import re

from django.template import Context, Template
from django.urls import reverse

from tests.factories import CustomerFactory, HoldingFactory, IsoClassFactory


def test_the_header_names_the_user_and_their_customers(client, prescriber, customer):
    other = CustomerFactory(name="Rehab Lycksele")
    prescriber.customers.add(other)
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert prescriber.get_full_name() in response.text
    assert str(customer) in response.text
    assert str(other) in response.text


def test_the_header_does_not_show_other_customers(client, prescriber, outsider):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert str(outsider.customers.get()) not in response.text


def test_the_header_has_the_tools(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    text = response.text
    assert "Skriv ut" in text
    assert ">Hjälp</a>" in text
    assert f'href="{reverse("manuals")}">Manualer</a>' in text
    forms = dict(
        re.findall(
            r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', text, re.S
        )
    )
    logout = forms[reverse("logout")]
    assert "Avsluta" in logout
    assert "csrfmiddlewaretoken" in logout


def test_avsluta_logs_out(client, prescriber):
    client.force_login(prescriber)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("start")).status_code == 302


def test_an_anonymous_visitor_sees_no_user_tools(client, db):
    response = client.get(reverse("login"))

    assert "Inloggad:" not in response.text
    assert reverse("logout") not in response.text
    assert reverse("manuals") not in response.text
    assert ">Hjälp</a>" in response.text


def test_the_menu_marks_the_current_page(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert (
        f'<a class="nav-link" href="{reverse("start")}" aria-current="page">'
        in response.text
    )


def test_the_menu_marks_no_other_page_as_current(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("manuals"))

    assert "aria-current" not in response.text


def test_the_menu_marks_hjalpmedel_and_varukatalog_on_their_inner_pages(
    client, prescriber
):
    """Every page of a recipient (details, an aid, the returned ones) is under
    Hjälpmedel, and a class of the catalogue under Varukatalog."""
    # Ordered through the prescriber's customer: a care relationship.
    holding = HoldingFactory(customer=prescriber.customers.get())
    iso_class = IsoClassFactory(code="12")
    client.force_login(prescriber)
    key = holding.person_id
    pages = {
        reverse("aids_search"): [
            reverse("recipient_details", args=[key]),
            reverse("recipient_holding", args=[key, holding.pk]),
            reverse("recipient_returned", args=[key]),
        ],
        reverse("catalogue"): [
            reverse("catalogue_class", args=[iso_class.code]),
        ],
    }

    for item, urls in pages.items():
        for url in urls:
            assert f'href="{item}" aria-current="page"' in client.get(url).text


def test_htmx_is_loaded_only_by_a_page_that_asks_for_it(client, prescriber):
    client.force_login(prescriber)

    start = client.get(reverse("start")).text
    included = Template(
        '{% extends "base.html" %}'
        '{% block head_scripts %}{% include "htmx.html" %}{% endblock %}'
    ).render(Context({}))

    assert "htmx" not in start
    assert "/static/django_htmx/htmx-2.min.js" in included
    assert 'name="htmx-config"' in included

"""The admin page where staff upload an import file."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Payer
from catalog.models import Supplier
from tests.factories import IsoClassFactory, UserFactory

from .helpers import counts

pytestmark = pytest.mark.django_db

URL = reverse("admin_import")


def upload(content, name="betalare.csv"):
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_the_admin_index_links_to_the_import_page(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert f'href="{URL}"' in response.text


def test_staff_see_the_form_with_every_kind(client, staff):
    client.force_login(staff)

    response = client.get(URL)

    assert response.status_code == 200
    kinds = [value for value, _ in response.context["form"].fields["kind"].choices]
    assert kinds == [
        "payers",
        "customers",
        "iso",
        "suppliers",
        "articles",
        "stock",
        "persons",
        "users",
        "holdings",
    ]
    assert "Endast kontroll" in response.text


def test_staff_import_a_file(client, staff):
    client.force_login(staff)

    response = client.post(
        URL,
        {"kind": "payers", "file": upload("betalarid;name\n10001;Umeå kommun\n")},
        follow=True,
    )

    assert response.redirect_chain == [(URL, 302)]
    assert "Importen av betalare.csv är klar: 1 skapade, 0 ändrade, 0 oförändrade." in (
        response.text
    )
    assert Payer.objects.get().name == "Umeå kommun"


def test_a_dry_run_only_checks(client, staff):
    client.force_login(staff)

    response = client.post(
        URL,
        {
            "kind": "payers",
            "file": upload("betalarid;name\n10001;Umeå kommun\n"),
            "dry_run": "on",
        },
        follow=True,
    )

    assert (
        "Kontrollen av betalare.csv är klar utan fel, inget är sparat: 1 skapade"
        in (response.text)
    )
    assert not Payer.objects.exists()


def test_a_bad_file_shows_every_error_and_changes_nothing(client, staff):
    client.force_login(staff)
    before = counts()

    response = client.post(
        URL,
        {
            "kind": "payers",
            "file": upload("betalarid;name\n10001;Umeå\n1;Skellefteå\n10001;Umeå\n"),
        },
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        "betalare.csv:3: betalarid: Ange en kod med exakt 5 siffror.",
        "betalare.csv:4: betalarid: 10001 finns redan på rad 2",
    ]
    assert "2 fel – inget har ändrats." in response.text
    assert "betalare.csv:3: betalarid: Ange en kod med exakt 5 siffror." in (
        response.text
    )
    assert counts() == before


def test_a_long_error_list_is_cut_short(client, staff):
    client.force_login(staff)
    rows = "".join(f"{n};Betalare\n" for n in range(250))

    response = client.post(
        URL, {"kind": "payers", "file": upload("betalarid;name\n" + rows)}
    )

    assert len(response.context["errors"]) == 200
    assert "… och 50 fel till." in response.text


def test_staff_may_only_import_what_they_may_add_and_change(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["add_payer", "change_payer", "add_user"],
        )
    )
    client.force_login(user)

    response = client.post(
        URL, {"kind": "users", "file": upload("username;first_name\n", "u.csv")}
    )

    assert [value for value, _ in response.context["form"].fields["kind"].choices] == [
        "payers"
    ]
    assert response.context["form"].errors["kind"]
    assert response.context["report"] is None


def test_staff_import_suppliers(client, staff):
    client.force_login(staff)

    response = client.post(
        URL,
        {
            "kind": "suppliers",
            "file": upload("name;email\nInvacare AB;order@invacare.se\n", "lev.csv"),
        },
        follow=True,
    )

    assert "Importen av lev.csv är klar: 1 skapade" in response.text
    assert Supplier.objects.get().email == "order@invacare.se"


def test_an_articles_file_creates_suppliers_only_for_staff_who_may_add_them(client):
    IsoClassFactory(code="122206")
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="catalog",
            codename__in=["add_article", "change_article"],
        )
    )
    client.force_login(user)
    header = (
        "article_no;name;supplier;supplier_article_no;product_name;article_type;"
        "iso_code;unit;in_assortment;individually_marked;outgoing;replaces;fits;"
        "lead_time_days;description"
    )
    row = "200001;Rollator;Nya AB;;;huvudhjälpmedel;122206;st;1;0;0;;;5;"

    response = client.post(
        URL, {"kind": "articles", "file": upload(f"{header}\n{row}\n", "a.csv")}
    )

    assert response.context["errors"] == [
        "a.csv:2: supplier: okänd leverantör Nya AB, och du får inte lägga till "
        "leverantörer"
    ]
    assert not Supplier.objects.exists()


def test_a_prescriber_is_sent_to_the_admin_login(client, prescriber):
    client.force_login(prescriber)
    before = counts()

    response = client.post(
        URL, {"kind": "payers", "file": upload("betalarid;name\n10001;Umeå\n")}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert counts() == before

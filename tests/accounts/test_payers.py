"""Payers for e-invoices: organisation number and Peppol id, edited in the
admin with history; users authorised for payers (betalarid) in the admin,
and the payers a user may see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from stdnum.se import orgnr

from accounts.models import Payer, PayerAuthorisation
from accounts.validators import validate_peppol_id
from core.validators import validate_org_number
from tests.factories import PayerFactory, UserFactory

pytestmark = pytest.mark.django_db

PayerEvent = Payer.pgh_event_model
PayerAuthorisationEvent = PayerAuthorisation.pgh_event_model


@pytest.mark.parametrize(
    "number",
    ["2120002627", "2321000222", "5560360793", "2120002628", "212000262", "ABCDEFGHIJ"],
)
def test_the_organisation_number_is_checked_as_python_stdnum_checks_it(number):
    try:
        validate_org_number(number)
    except ValidationError:
        valid = False
    else:
        valid = True

    assert valid == orgnr.is_valid(number)


@pytest.mark.parametrize(
    "value",
    ["0007:2120002627", "0088:7300010000001", "9955:SE212000262701"],
)
def test_a_peppol_id_is_a_scheme_and_an_identifier(value):
    validate_peppol_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2120002627", "peppol_id"),
        ("007:2120002627", "peppol_id"),
        ("0007:", "peppol_id"),
        ("0007:212000 2627", "peppol_id"),
        ("0007:2120002627:1", "peppol_id"),
        ("0088:" + "1" * 51, "peppol_id"),
        ("0007:2120002628", "org_number_checksum"),
        ("0007:212000-2627", "org_number_digits"),
    ],
)
def test_a_bad_peppol_id_is_refused(value, code):
    with pytest.raises(ValidationError) as error:
        validate_peppol_id(value)

    assert error.value.code == code


def test_invoices_go_to_the_peppol_id_else_to_the_organisation_number():
    assert PayerFactory(
        org_number="2120002627", peppol_id="0088:7300010000001"
    ).peppol_address == ("0088", "7300010000001")
    assert PayerFactory(org_number="2120002627").peppol_address == (
        "0007",
        "2120002627",
    )
    assert PayerFactory().peppol_address is None


def test_a_user_sees_the_payers_they_are_authorised_for_staff_all(
    prescriber, staff, django_assert_num_queries
):
    mine, also_mine, other = PayerFactory(), PayerFactory(), PayerFactory()
    payer_user = UserFactory(payers=[mine, also_mine])
    UserFactory(payers=[mine, other])

    with django_assert_num_queries(1):
        assert list(Payer.objects.visible_to(payer_user)) == [mine, also_mine]
    assert not Payer.objects.visible_to(prescriber).exists()
    # The prescriber's customer's payer too.
    assert list(Payer.objects.visible_to(staff)) == list(Payer.objects.all())
    assert {mine, also_mine, other} <= set(Payer.objects.visible_to(staff))
    assert not Payer.objects.visible_to(payer_user).filter(pk=other.pk).exists()


def test_a_user_is_authorised_for_a_payer_once(prescriber):
    payer = PayerFactory()
    PayerAuthorisation.objects.create(user=prescriber, payer=payer)

    with pytest.raises(DatabaseError), transaction.atomic():
        PayerAuthorisation.objects.create(user=prescriber, payer=payer)


def payer_form(payer, **changes):
    return {
        "betalarid": payer.betalarid,
        "name": payer.name,
        "org_number": payer.org_number,
        "peppol_id": payer.peppol_id,
    } | changes


def test_staff_edit_a_payers_e_invoice_details_with_history(staff_client, staff):
    payer = PayerFactory(betalarid="71234", name="Umeå kommun")
    url = reverse("admin:accounts_payer_change", args=[payer.pk])

    form = staff_client.get(url).text
    assert 'name="org_number"' in form
    assert 'name="peppol_id"' in form
    response = staff_client.post(
        url, payer_form(payer, org_number="2120002627", peppol_id="0007:2120002627")
    )

    assert response.status_code == 302
    payer.refresh_from_db()
    assert (payer.org_number, payer.peppol_id) == ("2120002627", "0007:2120002627")
    event = PayerEvent.objects.filter(pgh_obj=payer).latest("pgh_id")
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata["user"] == staff.pk
    changelist = staff_client.get(reverse("admin:accounts_payer_changelist")).text
    assert "0007:2120002627" in changelist


def test_the_admin_answers_a_bad_organisation_number_next_to_it(staff_client):
    payer = PayerFactory()
    url = reverse("admin:accounts_payer_change", args=[payer.pk])

    response = staff_client.post(
        url, payer_form(payer, org_number="2120002628", peppol_id="2120002627")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["org_number"] == [
        "Organisationsnumret är felaktigt: kontrollsiffran stämmer inte."
    ]
    assert errors["peppol_id"] == [
        "Ange Peppol-id som schema och identitet, till exempel 0007:2120000001."
    ]
    assert 'value="2120002628"' in response.text
    payer.refresh_from_db()
    assert payer.org_number == ""


def user_change_form(user, **changes):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": timezone.localtime(user.date_joined).date(),
        "date_joined_1": "08:00:00",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
        "payer_authorisations-TOTAL_FORMS": "0",
        "payer_authorisations-INITIAL_FORMS": "0",
    } | changes


def test_staff_authorise_a_user_for_a_payer_on_the_users_page_with_history(
    staff_client, staff
):
    user = UserFactory()
    payer = PayerFactory(betalarid="71234", name="Umeå kommun")
    url = reverse("admin:accounts_user_change", args=[user.pk])

    page = staff_client.get(url).text
    assert "Får se fakturor för betalare" in page
    response = staff_client.post(
        url,
        user_change_form(
            user,
            **{
                "payer_authorisations-TOTAL_FORMS": "1",
                "payer_authorisations-0-payer": payer.pk,
            },
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.payers.all()) == [payer]
    authorisation = PayerAuthorisation.objects.get()
    event = PayerAuthorisationEvent.objects.get(pgh_obj=authorisation)
    assert (event.pgh_label, event.payer_id) == ("insert", payer.pk)
    assert event.pgh_context.metadata["user"] == staff.pk

    staff_client.post(
        url,
        user_change_form(
            user,
            **{
                "payer_authorisations-TOTAL_FORMS": "1",
                "payer_authorisations-INITIAL_FORMS": "1",
                "payer_authorisations-0-id": authorisation.pk,
                "payer_authorisations-0-user": user.pk,
                "payer_authorisations-0-payer": payer.pk,
                "payer_authorisations-0-DELETE": "on",
            },
        ),
    )

    assert not user.payers.exists()
    assert PayerAuthorisationEvent.objects.filter(
        pgh_obj_id=authorisation.pk, pgh_label="delete"
    ).exists()


def test_staff_find_a_payers_users_by_betalarid(staff_client):
    payer_user = UserFactory(payers=[PayerFactory(betalarid="71234")])
    other = UserFactory()

    response = staff_client.get(
        reverse("admin:accounts_user_changelist"), {"q": "71234"}
    )

    assert list(response.context["cl"].result_list) == [payer_user]
    assert other.username not in response.text


def test_payer_authorisation_events_cannot_be_changed_or_deleted(prescriber):
    PayerAuthorisation.objects.create(user=prescriber, payer=PayerFactory())

    with pytest.raises(DatabaseError), transaction.atomic():
        PayerAuthorisationEvent.objects.update(pgh_label="update")
    with pytest.raises(DatabaseError), transaction.atomic():
        PayerAuthorisationEvent.objects.all().delete()

    assert PayerAuthorisationEvent.objects.exists()

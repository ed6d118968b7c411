"""Audit trail (django-pghistory): database triggers store every insert,
update and delete with the data before and after, and who did it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from accounts.choices import CustomerKind
from accounts.models import Authorisation, Customer, Payer
from tests.factories import CustomerFactory

from .helpers import log_in

pytestmark = pytest.mark.django_db

User = get_user_model()
CustomerEvent = Customer.pgh_event_model
UserEvent = User.pgh_event_model


def customer_events(pk):
    return list(
        Events.objects.across(CustomerEvent)
        .filter(pgh_obj_id=str(pk))
        .order_by("pgh_id")
    )


def test_it_records_a_customer_created_changed_and_deleted():
    customer = CustomerFactory(name="Hemtjänst Norr")
    pk = customer.pk
    customer.name = "Hemtjänst Nord"
    customer.save()
    customer.delete()

    inserted, updated, deleted = customer_events(pk)

    assert [inserted.pgh_label, updated.pgh_label, deleted.pgh_label] == [
        "insert",
        "update",
        "delete",
    ]
    assert inserted.pgh_data["name"] == "Hemtjänst Norr"
    assert updated.pgh_diff == {"name": ["Hemtjänst Norr", "Hemtjänst Nord"]}
    assert updated.pgh_data["kundid"] == customer.kundid
    assert deleted.pgh_data["name"] == "Hemtjänst Nord"
    assert CustomerEvent.objects.filter(pgh_obj_id=pk).count() == 3


def test_it_records_no_event_when_nothing_changed():
    customer = CustomerFactory()

    customer.save()

    assert [event.pgh_label for event in customer_events(customer.pk)] == ["insert"]


def test_it_records_who_changed_a_customer_in_the_admin(client, staff):
    customer = CustomerFactory(name="Hemtjänst Norr")
    client.force_login(staff)
    url = reverse("admin:accounts_customer_change", args=[customer.pk])

    response = client.post(
        url,
        {
            "kundid": customer.kundid,
            "name": "Hemtjänst Nord",
            "street": customer.street,
            "postal_code": customer.postal_code,
            "city": customer.city,
            "phone": customer.phone,
            "kind": CustomerKind.REGION,
            "default_payer": customer.default_payer_id,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = customer_events(customer.pk)[-1]
    assert event.pgh_label == "update"
    assert event.pgh_diff == {
        "name": ["Hemtjänst Norr", "Hemtjänst Nord"],
        "kind": [CustomerKind.MUNICIPALITY, CustomerKind.REGION],
    }
    assert event.pgh_context["user"] == staff.pk
    assert event.pgh_context["url"] == url


def test_it_records_who_removed_an_authorisation_in_the_admin(
    client, staff, prescriber, customer
):
    authorisation = Authorisation.objects.get(user=prescriber, customer=customer)
    client.force_login(staff)

    client.post(
        reverse("admin:accounts_user_change", args=[prescriber.pk]),
        {
            "username": prescriber.username,
            "first_name": prescriber.first_name,
            "last_name": prescriber.last_name,
            "email": prescriber.email,
            "is_active": "on",
            "date_joined_0": timezone.localtime(prescriber.date_joined).date(),
            "date_joined_1": "08:00:00",
            "authorisations-TOTAL_FORMS": "1",
            "authorisations-INITIAL_FORMS": "1",
            "authorisations-0-id": authorisation.pk,
            "authorisations-0-user": prescriber.pk,
            "authorisations-0-customer": customer.pk,
            "authorisations-0-DELETE": "on",
            "payer_authorisations-TOTAL_FORMS": "0",
            "payer_authorisations-INITIAL_FORMS": "0",
        },
    )

    assert not prescriber.customers.exists()
    event = Authorisation.pgh_event_model.objects.get(
        pgh_obj_id=authorisation.pk, pgh_label="delete"
    )
    assert event.customer_id == customer.pk
    assert event.pgh_context.metadata["user"] == staff.pk


def test_it_records_changes_of_a_user():
    user = User.objects.create(username="granskad", email="g@example.se")

    user.first_name = "Greta"
    user.save()

    assert list(
        UserEvent.objects.filter(pgh_obj=user)
        .order_by("pgh_id")
        .values_list("pgh_label", "first_name")
    ) == [("insert", ""), ("update", "Greta")]


def test_it_records_no_user_event_for_a_login_or_a_new_password(client, prescriber):
    before = UserEvent.objects.filter(pgh_obj=prescriber).count()

    log_in(client, prescriber.username)
    prescriber.refresh_from_db()
    assert prescriber.last_login is not None
    prescriber.last_login = timezone.now()
    prescriber.save()
    prescriber.set_password("ett helt nytt lösenord här")
    prescriber.save()

    assert UserEvent.objects.filter(pgh_obj=prescriber).count() == before
    assert "password" not in {field.name for field in UserEvent._meta.fields}
    assert "last_login" not in {field.name for field in UserEvent._meta.fields}


@pytest.mark.parametrize(
    "event_model",
    [CustomerEvent, UserEvent, Payer.pgh_event_model, Authorisation.pgh_event_model],
    ids=lambda model: model.__name__,
)
def test_audit_events_cannot_be_changed_or_deleted(prescriber, event_model):
    assert event_model.objects.exists()

    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.update(pgh_label="update")
    with pytest.raises(DatabaseError), transaction.atomic():
        event_model.objects.all().delete()

    assert event_model.objects.exists()

"""Access log (Patientdatalagen): who saw or changed which person's data.
Append-only in the database; customer service read it per person in the admin."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models.signals import post_init
from django.test import Client

from accounts.access import access_context
from accounts.admin import access_log_url
from accounts.choices import AccessAction, AccessRole
from accounts.models import AccessLog
from accounts.services import log_access, log_cases
from tests.factories import CustomerFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context_by(rf):
    """A request's AccessContext, as a view hands it to the services."""

    def make(user, path="/personer/1/"):
        request = rf.get(path)
        request.user = user
        return access_context(request)

    return make


# The Person model comes later; any model instance stands in for a person.
@pytest.fixture
def person(db):
    return CustomerFactory(name="Person som visas")


def test_it_logs_who_saw_whose_data_where(context_by, prescriber, customer, person):
    thing = CustomerFactory(name="Rullator 123")

    [entry] = log_access(
        context_by(prescriber, "/personer/7/"),
        person,
        AccessAction.VIEW,
        thing,
        customer=customer,
    )

    entry = AccessLog.objects.get(pk=entry.pk)
    assert entry.user == prescriber
    assert entry.customer == customer
    assert entry.action == AccessAction.VIEW
    assert entry.person == person
    assert entry.person_type == ContentType.objects.get_for_model(person)
    assert entry.person_id == str(person.pk)
    assert entry.object_type == ContentType.objects.get_for_model(thing)
    assert entry.object_id == str(thing.pk)
    assert entry.object_repr == str(thing)
    assert entry.path == "/personer/7/"
    assert entry.at is not None


def test_it_logs_a_search_without_an_object(context_by, prescriber, person):
    [entry] = log_access(context_by(prescriber), person, AccessAction.SEARCH)

    assert entry.object_type is None
    assert entry.object_id == ""
    assert entry.object_repr == ""


def test_the_database_refuses_to_change_the_access_log(context_by, prescriber, person):
    [entry] = log_access(context_by(prescriber), person, AccessAction.VIEW)

    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(action=AccessAction.CHANGE)
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.path = "/annat/"
        entry.save()

    assert AccessLog.objects.get(pk=entry.pk).action == AccessAction.VIEW


def test_the_database_refuses_to_delete_from_the_access_log(
    context_by, prescriber, person
):
    [entry] = log_access(context_by(prescriber), person, AccessAction.VIEW)

    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()

    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_staff_see_one_persons_access_log_in_the_admin(
    client, context_by, staff, prescriber, colleague
):
    person = CustomerFactory(id=900001)
    other_person = CustomerFactory()
    # Same primary key, another model: not the same person.
    other_kind = UserFactory(id=900001)
    own = [
        *log_access(context_by(prescriber), person, AccessAction.VIEW),
        *log_access(context_by(colleague), person, AccessAction.EXPORT),
    ]
    log_access(context_by(prescriber), other_person, AccessAction.VIEW)
    log_access(context_by(prescriber), other_kind, AccessAction.VIEW)
    client.force_login(staff)

    response = client.get(access_log_url(person))

    assert response.status_code == 200
    assert sorted(entry.pk for entry in response.context["cl"].result_list) == sorted(
        entry.pk for entry in own
    )
    assert str(colleague) in response.text


def test_staff_cannot_change_or_delete_access_log_rows_in_the_admin(
    client, context_by, staff, prescriber, person
):
    [entry] = log_access(context_by(prescriber), person, AccessAction.VIEW)
    client.force_login(staff)

    response = client.get(access_log_url(person))

    assert response.status_code == 200
    assert 'name="action"' not in response.text  # no bulk delete
    assert (
        client.post(
            f"/admin/accounts/accesslog/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert AccessLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("who", ["prescriber", "outsider"])
def test_a_prescriber_cannot_read_the_access_log(
    request, context_by, prescriber, person, who
):
    log_access(context_by(prescriber), person, AccessAction.VIEW)
    browser = Client()
    browser.force_login(request.getfixturevalue(who))

    response = browser.get(access_log_url(person))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert prescriber.username not in response.text


def test_it_logs_every_person_of_a_hit_list_in_one_insert(
    prescriber, context_by, django_assert_num_queries
):
    persons = CustomerFactory.create_batch(3)
    context = context_by(prescriber)
    ContentType.objects.get_for_model(persons[0])  # cached from here on

    # The user's customers, then the rows.
    with django_assert_num_queries(2):
        entries = log_access(context, persons, AccessAction.SEARCH)
    # A second list on the same page knows the customers already.
    with django_assert_num_queries(1):
        log_access(context, persons, AccessAction.VIEW)

    assert sorted(entry.person_id for entry in entries) == sorted(
        str(person.pk) for person in persons
    )
    assert AccessLog.objects.filter(action=AccessAction.SEARCH).count() == 3


def test_an_empty_list_logs_nothing_and_leaves_the_page_cacheable(
    prescriber, context_by, django_assert_num_queries
):
    context = context_by(prescriber)

    with django_assert_num_queries(0):
        assert log_access(context, set(), AccessAction.SEARCH) == []

    assert not context.shows_person


def test_a_prescriber_with_one_customer_acts_for_it(context_by, prescriber, person):
    [entry] = log_access(context_by(prescriber), person, AccessAction.VIEW)

    assert entry.role == AccessRole.PRESCRIBER
    assert entry.customer == prescriber.customers.get()
    assert entry.authorised_customers == []


def test_a_prescriber_of_several_customers_may_have_acted_for_any_of_them(
    context_by, person
):
    user = UserFactory(
        customers=[CustomerFactory(kundid="30002"), CustomerFactory(kundid="10001")]
    )

    [entry] = log_access(context_by(user), person, AccessAction.VIEW)

    entry = AccessLog.objects.get(pk=entry.pk)
    assert entry.customer is None
    assert entry.authorised_customers == ["10001", "30002"]


def test_the_customer_of_the_case_is_the_one_acted_for(context_by, person):
    case_customer = CustomerFactory()
    user = UserFactory(customers=[CustomerFactory(), case_customer])

    [entry] = log_access(
        context_by(user), person, AccessAction.VIEW, customer=case_customer
    )

    assert entry.customer == case_customer
    assert entry.authorised_customers == []


def test_each_row_of_a_list_is_logged_for_its_own_customer(context_by, person):
    first, second = CustomerFactory(), CustomerFactory()
    user = UserFactory(customers=[first, second])

    entries = log_access(
        context_by(user), {(person, first), (person, second)}, AccessAction.SEARCH
    )

    assert sorted(entry.customer.pk for entry in entries) == sorted(
        [first.pk, second.pk]
    )


def test_customer_service_is_logged_in_its_role(context_by, staff, person):
    [entry] = log_access(context_by(staff), person, AccessAction.VIEW)

    assert entry.role == AccessRole.CUSTOMER_SERVICE
    assert entry.customer is None
    assert entry.authorised_customers == []


def test_reading_the_access_log_is_an_access_to_the_persons_in_it(
    client, context_by, staff, prescriber
):
    person = PersonFactory(first_name="Tora", last_name="Loggad")
    log_access(context_by(prescriber), person, AccessAction.VIEW)
    client.force_login(staff)

    response = client.get(access_log_url(person))

    assert "Tora Loggad" in response.text
    assert AccessLog.objects.of_person(person).filter(user=staff).exists()


def test_a_list_of_cases_logs_each_patient_for_the_case_customer(context_by):
    first, second = CustomerFactory(), CustomerFactory()
    patient = PersonFactory()
    cases = [
        SimpleNamespace(person=patient, person_id=patient.pk, customer=first),
        SimpleNamespace(person=patient, person_id=patient.pk, customer=second),
        # A care unit's order: no person on it.
        SimpleNamespace(person=None, person_id=None, customer=first),
    ]

    entries = log_cases(context_by(UserFactory()), cases, AccessAction.SEARCH)

    assert sorted((e.person_id, e.customer_id) for e in entries) == sorted(
        [(str(patient.pk), first.pk), (str(patient.pk), second.pk)]
    )


def test_a_list_mixing_cases_and_persons_records_the_customers_only_where_none_was_acted_for(
    context_by,
):
    case_customer, other = (
        CustomerFactory(kundid="20002"),
        CustomerFactory(kundid="10001"),
    )
    user = UserFactory(customers=[case_customer, other])
    in_case, found = PersonFactory(), PersonFactory()

    log_access(context_by(user), [(in_case, case_customer), found], AccessAction.SEARCH)

    logged = {entry.person_id: entry for entry in AccessLog.objects.all()}
    assert logged[str(in_case.pk)].customer == case_customer
    assert logged[str(in_case.pk)].authorised_customers == []
    assert logged[str(found.pk)].customer is None
    assert logged[str(found.pk)].authorised_customers == ["10001", "20002"]


def test_a_hit_list_is_logged_without_a_model_instance_per_person(
    context_by, prescriber
):
    """A CFR hit list has 100 persons: building 100 AccessLog instances and
    compiling their INSERT took 12-17 ms of the page; the rows go to the
    database as arrays instead."""
    persons = PersonFactory.create_batch(100)
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=AccessLog)
    try:
        log_access(context_by(prescriber), persons, AccessAction.SEARCH)
    finally:
        post_init.disconnect(count, sender=AccessLog)

    assert built == []
    assert AccessLog.objects.filter(action=AccessAction.SEARCH).count() == 100
